import type { Team } from "./catalog";

export interface DemoEngineer {
  login: string;
  name: string;
  team: Team;
  /** Senior engineers review more and own more paths. */
  senior: boolean;
}

/** Invented people. `demo-engineer` and `demo-admin` map to the demo app's sign-ins. */
const ROSTER: Array<[string, string, Team, boolean]> = [
  ["demo-engineer", "Dana Whitfield", "payments", true],
  ["demo-admin", "Alex Moreno-Quist", "platform", true],
  ["priya-raman", "Priya Raman", "payments", true],
  ["tomasz-wojcik", "Tomasz Wójcik", "payments", false],
  ["amara-okafor", "Amara Okafor", "payments", false],
  ["lucas-ferreira", "Lucas Ferreira", "payments", false],
  ["hannah-lindqvist", "Hannah Lindqvist", "payments", false],
  ["kenji-watanabe", "Kenji Watanabe", "identity", true],
  ["sofia-castellano", "Sofía Castellano", "identity", false],
  ["ibrahim-haddad", "Ibrahim Haddad", "identity", false],
  ["mei-lin-chou", "Mei-Lin Chou", "identity", false],
  ["oliver-brandt", "Oliver Brandt", "platform", true],
  ["nadia-petrova", "Nadia Petrova", "platform", false],
  ["samuel-adeyemi", "Samuel Adeyemi", "platform", false],
  ["grace-obi", "Grace Obi", "platform", false],
  ["mateo-silva", "Mateo Silva", "platform", false],
  ["elena-marchetti", "Elena Marchetti", "platform", false],
  ["ravi-kulkarni", "Ravi Kulkarni", "platform", false],
  ["chloe-dubois", "Chloé Dubois", "web", true],
  ["jonah-friedman", "Jonah Friedman", "web", false],
  ["aiko-tanaka", "Aiko Tanaka", "web", false],
  ["felix-horvath", "Felix Horváth", "web", false],
  ["zara-ahmed", "Zara Ahmed", "web", false],
  ["noah-gallagher", "Noah Gallagher", "web", false],
  ["isabel-nunez", "Isabel Núñez", "web", false],
  ["daniel-kowalczyk", "Daniel Kowalczyk", "mobile", true],
  ["leila-farahani", "Leila Farahani", "mobile", false],
  ["marcus-boateng", "Marcus Boateng", "mobile", false],
  ["yuki-sato", "Yuki Sato", "mobile", false],
  ["sven-nilsson", "Sven Nilsson", "infra", true],
  ["fatima-zahra", "Fatima Zahra Bennani", "infra", false],
  ["connor-walsh", "Connor Walsh", "infra", false],
  ["anika-schultz", "Anika Schultz", "infra", false],
  ["diego-ramirez", "Diego Ramírez", "data", true],
  ["olga-ivanova", "Olga Ivanova", "data", false],
  ["theo-martin", "Théo Martin", "data", false],
  ["kwame-asante", "Kwame Asante", "data", false],
  ["rosa-lindgren", "Rosa Lindgren", "payments", false],
  ["arjun-mehta", "Arjun Mehta", "identity", false],
  ["beatriz-costa", "Beatriz Costa", "platform", false],
  ["henrik-aalto", "Henrik Aalto", "infra", false],
  ["lena-vogel", "Lena Vogel", "web", false],
  ["omar-saleh", "Omar Saleh", "mobile", false],
  ["julia-novak", "Julia Novák", "data", false],
  ["viktor-hale", "Viktor Hale", "platform", false],
  ["maya-goldberg", "Maya Goldberg", "payments", false],
];

export const DEMO_ENGINEERS: DemoEngineer[] = ROSTER.map(([login, name, team, senior]) => ({ login, name, team, senior }));

export interface DemoAgent {
  tool: string;
  /** Co-authored-by trailer value, when the agent co-authors commits. */
  coAuthor: string;
  branchPrefix: string;
  /** Bot account that opens pull requests itself, when the agent works that way. */
  botLogin?: string;
  model: string;
}

export const DEMO_AGENTS: DemoAgent[] = [
  { tool: "Claude", coAuthor: "Claude <noreply@anthropic.com>", branchPrefix: "claude/", model: "claude-sonnet-4-5" },
  { tool: "Copilot", coAuthor: "Copilot <copilot@users.noreply.github.com>", branchPrefix: "copilot/", botLogin: "copilot-swe-agent[bot]", model: "gpt-5" },
  { tool: "Cursor", coAuthor: "Cursor Agent <cursoragent@cursor.com>", branchPrefix: "cursor/", model: "composer-1" },
  { tool: "Codex", coAuthor: "Codex <codex@openai.com>", branchPrefix: "codex/", model: "gpt-5-codex" },
  { tool: "Devin", coAuthor: "Devin AI <devin-ai-integration[bot]@users.noreply.github.com>", branchPrefix: "devin/", botLogin: "devin-ai-integration[bot]", model: "devin" },
];

export const DEMO_BOTS = ["dependabot[bot]", "renovate[bot]", "copilot-swe-agent[bot]", "devin-ai-integration[bot]", "github-actions[bot]"];
