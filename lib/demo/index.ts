export { generateDemoOrganisation, DEMO_TOKEN, DEMO_TOKEN_LOGIN, type DemoOptions, type DemoOrganisation } from "./generate";
export { DEMO_GITHUB_ORG, DEMO_REPOSITORIES, DEMO_SERVICES, TEAM_TICKETS, type DemoRepository, type DemoService, type Team } from "./catalog";
export { DEMO_AGENTS, DEMO_BOTS, DEMO_ENGINEERS, type DemoAgent, type DemoEngineer } from "./people";
export { formatProvenanceBlock, parseProvenanceBlock } from "./provenance";
