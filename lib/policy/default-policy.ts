import { policySchema, type PolicyDocument, type PolicyInput } from "./schema";

/**
 * Conventions that hold in most repositories. They apply whenever a policy leaves the matching key out, so a
 * policy that declares only its services still recognises tests, migrations or secrets.
 */
export const DEFAULT_PATH_KINDS = {
  tests: [
    "**/*.test.*", "**/*.spec.*", "**/*_test.go", "**/*_test.py", "**/test_*.py", "**/*Test.java", "**/*Tests.cs",
    "__tests__/", "__mocks__/", "__mock__/", "__snapshots__/", "test/", "tests/", "spec/", "e2e/", "cypress/",
    "testdata/", "fixtures/", "**/*.snap",
  ],
  docs: [
    "*.md", "*.mdx", "*.rst", "*.txt", "*.adoc", "docs/", "doc/", "LICENSE", "LICENSE.*", "CHANGELOG*", ".changeset/",
    "**/*.stories.*",
  ],
  generated: [
    "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lockb", "*.lock", "go.sum", "*.min.js", "*.min.css",
    "*.map", "dist/", "build/", "vendor/", "generated/", "**/*.generated.*", "**/*.gen.*", "**/*.pb.go", "*_pb2.py",
    "*.svg", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.ico", "*.webp", "*.woff", "*.woff2", "*.ttf",
  ],
  translations: ["locales/", "locale/", "i18n/", "translations/", "lang/", "*.po", "*.pot", "*.xliff", "*.xlf"],
  contracts: [
    "*.proto", "*.graphql", "*.gql", "*.avsc", "*.thrift", "**/openapi*.{yaml,yml,json}", "**/swagger*.{yaml,yml,json}",
    "**/*.schema.json", "schema.prisma", "*.prisma", "**/api/**/*.d.ts",
  ],
  migrations: ["migrations/", "migration/", "migrate/", "alembic/", "*.sql", "db/schema.rb", "**/schema/**/*.sql"],
  infra: [
    "Dockerfile", "Dockerfile.*", "*.dockerfile", "docker-compose*.yml", "docker-compose*.yaml", "*.tf", "*.tfvars",
    "*.hcl", "terraform/", "helm/", "charts/", "k8s/", "kubernetes/", ".github/workflows/", ".github/actions/",
    "deploy/", "deployment/", "infra/", "infrastructure/", "fly.toml", "vercel.json", "netlify.toml", "Procfile",
    "serverless.yml", "nginx.conf", "*.nginx", "Caddyfile", "render.yaml", "app.yaml", ".gitlab-ci.yml",
  ],
  secrets: [
    ".env", ".env.*", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "id_rsa*", "id_ed25519*",
    "secrets/", "**/*secret*", "**/*credential*", ".npmrc", ".pypirc",
  ],
  auth: [
    "auth/", "authn/", "authz/", "oauth/", "sso/", "saml/", "oidc/", "rbac/", "permissions/", "crypto/", "security/",
    "**/*auth*.*", "**/*crypto*.*", "**/*password*.*", "**/*session*.*", "**/*permission*.*", "**/*jwt*.*",
    "**/*token*.*", "**/*encrypt*.*", "**/*signature*.*", "middleware.*",
  ],
  shared: ["packages/", "libs/", "shared/", "common/", "core/", "pkg/"],
  manifests: [
    "package.json", "requirements*.txt", "pyproject.toml", "Pipfile", "setup.py", "setup.cfg", "go.mod", "Cargo.toml",
    "Gemfile", "*.gemspec", "pom.xml", "build.gradle", "build.gradle.kts", "composer.json", "*.csproj", "packages.config",
  ],
} as const satisfies Record<string, readonly string[]>;

/** Known coding agents: how each shows up in trailers, logins, PR bodies and branch names. */
export const DEFAULT_AI_RULES = {
  co_authors: [
    { tool: "Claude", pattern: "^claude(\\s+(opus|sonnet|haiku|code|fable|instant)\\b[^<]*)?\\s*(<|$)|@anthropic\\.com|claude\\[bot\\]" },
    { tool: "Copilot", pattern: "^copilot\\b|copilot-swe-agent|copilot\\[bot\\]" },
    { tool: "Cursor", pattern: "^cursor( agent)?\\s*(<|$)|@cursor\\.(com|sh)|cursor\\[bot\\]|cursoragent" },
    { tool: "Codex", pattern: "^codex\\b|chatgpt-codex|codex\\[bot\\]" },
    { tool: "Devin", pattern: "^devin ai\\b|devin-ai-integration" },
    { tool: "Gemini", pattern: "^gemini( code assist)?\\s*(<|$)|gemini-code-assist" },
    { tool: "Amazon Q", pattern: "^amazon q\\b|amazon-q-developer|q-developer\\[bot\\]" },
    { tool: "Windsurf", pattern: "^(windsurf|codeium)\\b|@(codeium|windsurf)\\.com" },
    { tool: "Jules", pattern: "google-labs-jules|^jules\\s*<[^>]*google" },
    { tool: "Aider", pattern: "^aider\\b|\\(aider\\)" },
    { tool: "CodeRabbit", pattern: "coderabbit" },
    { tool: "Sweep", pattern: "sweep-ai|^sweep\\s*(<|$)" },
  ],
  bot_logins: [
    { tool: "Claude", login: "claude[bot]" },
    { tool: "Claude", login: "claude" },
    { tool: "Copilot", login: "Copilot" },
    { tool: "Copilot", login: "copilot-swe-agent[bot]" },
    { tool: "Copilot", login: "github-copilot[bot]" },
    { tool: "Cursor", login: "cursor[bot]" },
    { tool: "Cursor", login: "cursor-agent[bot]" },
    { tool: "Codex", login: "chatgpt-codex-connector[bot]" },
    { tool: "Codex", login: "codex[bot]" },
    { tool: "Devin", login: "devin-ai-integration[bot]" },
    { tool: "Gemini", login: "gemini-code-assist[bot]" },
    { tool: "Amazon Q", login: "amazon-q-developer[bot]" },
    { tool: "Jules", login: "google-labs-jules[bot]" },
    { tool: "CodeRabbit", login: "coderabbitai[bot]" },
    { tool: "Sweep", login: "sweep-ai[bot]" },
  ],
  body_markers: [
    { tool: "Claude", pattern: "generated with \\[claude code\\]|claude\\.ai/code" },
    { tool: "Devin", pattern: "app\\.devin\\.ai" },
    { tool: "Copilot", pattern: "copilot coding agent" },
    { tool: "Cursor", pattern: "cursor\\.com/(agents|background-agent)" },
    { tool: "Codex", pattern: "chatgpt\\.com/codex" },
    { tool: "Jules", pattern: "jules\\.google\\.com" },
    { tool: "Aider", pattern: "aider\\.chat" },
  ],
  labels: ["ai-generated", "ai-assisted", "ai-authored", "agent-authored", "generated-by-ai"],
  branch_prefixes: [
    { tool: "Copilot", prefix: "copilot/" },
    { tool: "Codex", prefix: "codex/" },
    { tool: "Cursor", prefix: "cursor/" },
    { tool: "Devin", prefix: "devin/" },
    { tool: "Claude", prefix: "claude/" },
    { tool: "Jules", prefix: "jules/" },
  ],
} as const;

/** AI origin sharpens review and verification most: an agent's diff needs a human who can defend it. */
export const DEFAULT_MULTIPLIERS = {
  scope: 1,
  criticality: 1,
  compliance: 1,
  policy: 1.2,
  verification: 1.4,
  review: 1.5,
  history: 1,
} as const;

export const DEFAULT_WEIGHTS = {
  scope: 0.4,
  criticality: 0.15,
  compliance: 0.1,
  policy: 0.15,
  verification: 0.08,
  review: 0.15,
  history: 0.15,
} as const;

export const DEFAULT_BANDS = { elevated: 25, high: 50, critical: 75 } as const;

/**
 * The policy used when an organisation has not written one: no services or regimes (criticality is then unknown),
 * one human approval, no ticket rule, admin bypass counted as a violation, conventional paths and agents.
 */
export const DEFAULT_POLICY_INPUT: PolicyInput = {
  version: 1,
  name: "Risk Ledger default policy",
  controls: { approvals: { default: 1 }, codeowners_approval: true, admin_bypass_is_violation: true, gate: { band: "high" } },
};

export const DEFAULT_POLICY: PolicyDocument = policySchema.parse(DEFAULT_POLICY_INPUT);
