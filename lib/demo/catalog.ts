/**
 * The demo organisation's shape: repositories, services with tiers and owners, and the files each service is
 * made of. Exported so the demo policy can name the same services and paths.
 */

export const DEMO_GITHUB_ORG = { login: "meridian", name: "Meridian Pay" } as const;

export type Team = "payments" | "identity" | "platform" | "web" | "mobile" | "infra" | "data";

export interface DemoService {
  name: string;
  repo: string;
  tier: 0 | 1 | 2 | 3;
  team: Team;
  /** Globs relative to the repository root. */
  paths: string[];
  /** Services that consume this one (the blast-radius graph). */
  dependsOn: string[];
  dataClasses: Array<"pii" | "phi" | "cardholder" | "financial">;
  /** Files changes are drawn from: source, tests, and contract files (specs, migrations, infra). */
  source: string[];
  tests: string[];
  contracts: string[];
  ticket: string;
}

export interface DemoRepository {
  name: string;
  description: string;
  team: Team;
  /** Relative share of the organisation's pull requests. */
  activity: number;
  protection: { approvals: number; codeOwners: boolean; checks: string[]; enforceAdmins: boolean } | null;
  codeownersPath: ".github/CODEOWNERS" | "CODEOWNERS" | "docs/CODEOWNERS";
}

export const DEMO_REPOSITORIES: DemoRepository[] = [
  { name: "payments-core", description: "Card payments, refunds and the double-entry ledger", team: "payments", activity: 18, protection: { approvals: 2, codeOwners: true, checks: ["ci/test", "ci/lint", "security/scan"], enforceAdmins: false }, codeownersPath: ".github/CODEOWNERS" },
  { name: "identity", description: "Authentication, sessions and permissions", team: "identity", activity: 10, protection: { approvals: 2, codeOwners: true, checks: ["ci/test", "security/scan"], enforceAdmins: true }, codeownersPath: ".github/CODEOWNERS" },
  { name: "platform-api", description: "Public REST API, billing and webhooks", team: "platform", activity: 20, protection: { approvals: 1, codeOwners: true, checks: ["ci/test", "ci/lint"], enforceAdmins: false }, codeownersPath: "CODEOWNERS" },
  { name: "web-app", description: "Merchant dashboard", team: "web", activity: 22, protection: { approvals: 1, codeOwners: false, checks: ["ci/test"], enforceAdmins: false }, codeownersPath: ".github/CODEOWNERS" },
  { name: "mobile", description: "iOS and Android apps", team: "mobile", activity: 10, protection: { approvals: 1, codeOwners: false, checks: ["ci/build"], enforceAdmins: false }, codeownersPath: "docs/CODEOWNERS" },
  { name: "infra", description: "Terraform, Kubernetes and CI workflows", team: "infra", activity: 8, protection: { approvals: 1, codeOwners: true, checks: ["terraform/plan"], enforceAdmins: false }, codeownersPath: ".github/CODEOWNERS" },
  { name: "data-pipeline", description: "Event ingestion, warehouse transforms and reports", team: "data", activity: 7, protection: { approvals: 1, codeOwners: false, checks: ["ci/test"], enforceAdmins: false }, codeownersPath: ".github/CODEOWNERS" },
  { name: "shared-libs", description: "Packages used across services", team: "platform", activity: 5, protection: { approvals: 1, codeOwners: true, checks: ["ci/test", "ci/lint"], enforceAdmins: false }, codeownersPath: ".github/CODEOWNERS" },
  { name: "docs-site", description: "Developer documentation", team: "platform", activity: 3, protection: null, codeownersPath: "CODEOWNERS" },
];

const ts = (dir: string, names: string[]) => names.map((n) => `${dir}/${n}.ts`);

export const DEMO_SERVICES: DemoService[] = [
  {
    name: "payments", repo: "payments-core", tier: 0, team: "payments", ticket: "PAY",
    paths: ["services/payments/**", "api/payments.openapi.yaml"], dependsOn: ["platform-api", "web-dashboard", "mobile-app"], dataClasses: ["cardholder", "financial"],
    source: ts("services/payments/src", ["charge", "refund", "capture", "idempotency", "card-tokenizer", "fraud-rules", "currency", "webhooks/dispatch", "providers/stripe-adapter", "providers/adyen-adapter", "retry-policy", "settlement"]),
    tests: ts("services/payments/test", ["charge.test", "refund.test", "capture.test", "idempotency.test", "fraud-rules.test", "settlement.test"]),
    contracts: ["api/payments.openapi.yaml", "deploy/payments/values.yaml"],
  },
  {
    name: "ledger", repo: "payments-core", tier: 0, team: "payments", ticket: "PAY",
    paths: ["services/ledger/**"], dependsOn: ["payments", "billing", "reporting"], dataClasses: ["financial"],
    source: ts("services/ledger/src", ["journal", "posting", "balances", "reconciliation", "fx-rates", "period-close"]),
    tests: ts("services/ledger/test", ["journal.test", "posting.test", "reconciliation.test"]),
    contracts: ["services/ledger/migrations/0142_add_posting_index.sql", "services/ledger/migrations/0143_journal_partitions.sql", "services/ledger/migrations/0144_fx_snapshot.sql", "deploy/ledger/values.yaml"],
  },
  {
    name: "money", repo: "payments-core", tier: 1, team: "payments", ticket: "PAY",
    paths: ["packages/money/**"], dependsOn: ["payments", "ledger", "billing"], dataClasses: [],
    source: ts("packages/money/src", ["amount", "rounding", "currency-codes"]),
    tests: ts("packages/money/test", ["amount.test", "rounding.test"]),
    contracts: ["packages/money/package.json"],
  },
  {
    name: "auth", repo: "identity", tier: 0, team: "identity", ticket: "IDN",
    paths: ["services/auth/**", "proto/auth/**"], dependsOn: ["platform-api", "web-dashboard", "mobile-app", "sessions"], dataClasses: ["pii"],
    source: ts("services/auth/src", ["login", "mfa/totp", "mfa/webauthn", "password-hash", "oauth/authorize", "oauth/token", "crypto/keys", "rate-limiter", "sso/saml"]),
    tests: ts("services/auth/test", ["login.test", "mfa.test", "oauth.test", "saml.test"]),
    contracts: ["proto/auth/v1/auth.proto", "proto/auth/v1/tokens.proto", "services/auth/migrations/0031_mfa_recovery_codes.sql"],
  },
  {
    name: "sessions", repo: "identity", tier: 1, team: "identity", ticket: "IDN",
    paths: ["services/sessions/**"], dependsOn: ["web-dashboard", "platform-api"], dataClasses: ["pii"],
    source: ts("services/sessions/src", ["store", "refresh", "revocation", "device-fingerprint"]),
    tests: ts("services/sessions/test", ["store.test", "refresh.test"]),
    contracts: ["services/sessions/config/redis.yaml"],
  },
  {
    name: "platform-api", repo: "platform-api", tier: 1, team: "platform", ticket: "PLAT",
    paths: ["src/routes/**", "src/middleware/**", "openapi/**"], dependsOn: ["web-dashboard", "mobile-app"], dataClasses: ["pii"],
    source: ts("src/routes", ["merchants", "payouts", "customers", "disputes", "api-keys"]).concat(ts("src/middleware", ["auth", "rate-limit", "request-id", "errors"])),
    tests: ts("test/routes", ["merchants.test", "payouts.test", "customers.test", "disputes.test"]),
    contracts: ["openapi/v2.yaml", "openapi/components/merchant.yaml", "db/migrations/0088_customer_tags.sql"],
  },
  {
    name: "billing", repo: "platform-api", tier: 1, team: "platform", ticket: "PLAT",
    paths: ["src/billing/**"], dependsOn: ["web-dashboard", "reporting"], dataClasses: ["financial"],
    source: ts("src/billing", ["invoices", "plans", "usage-metering", "tax", "dunning"]),
    tests: ts("test/billing", ["invoices.test", "usage-metering.test", "tax.test"]),
    contracts: ["db/migrations/0089_invoice_tax_lines.sql", "openapi/components/invoice.yaml"],
  },
  {
    name: "webhooks-out", repo: "platform-api", tier: 2, team: "platform", ticket: "PLAT",
    paths: ["src/webhooks/**"], dependsOn: [], dataClasses: [],
    source: ts("src/webhooks", ["deliver", "sign", "backoff"]),
    tests: ts("test/webhooks", ["deliver.test"]),
    contracts: [],
  },
  {
    name: "web-dashboard", repo: "web-app", tier: 2, team: "web", ticket: "WEB",
    paths: ["app/**", "components/**", "lib/**"], dependsOn: [], dataClasses: [],
    source: ["app/payments/page.tsx", "app/payouts/page.tsx", "app/settings/team/page.tsx", "app/disputes/[id]/page.tsx", "components/charts/volume-chart.tsx", "components/tables/payments-table.tsx", "components/forms/refund-dialog.tsx", "lib/api-client.ts", "lib/format-money.ts", "app/layout.tsx"],
    tests: ["e2e/payments.spec.ts", "e2e/refund.spec.ts", "components/tables/payments-table.test.tsx", "lib/format-money.test.ts"],
    contracts: ["next.config.ts", "package.json"],
  },
  {
    name: "design-system", repo: "web-app", tier: 3, team: "web", ticket: "WEB",
    paths: ["packages/ui/**"], dependsOn: ["web-dashboard"], dataClasses: [],
    source: ["packages/ui/src/button.tsx", "packages/ui/src/table.tsx", "packages/ui/src/dialog.tsx", "packages/ui/src/tokens.css"],
    tests: ["packages/ui/src/button.test.tsx"],
    contracts: ["packages/ui/package.json"],
  },
  {
    name: "mobile-app", repo: "mobile", tier: 2, team: "mobile", ticket: "MOB",
    paths: ["ios/**", "android/**", "shared/**"], dependsOn: [], dataClasses: ["pii"],
    source: ["ios/Meridian/Payments/PaymentsView.swift", "ios/Meridian/Auth/LoginViewModel.swift", "android/app/src/main/java/com/meridian/payments/PaymentsFragment.kt", "android/app/src/main/java/com/meridian/auth/BiometricGate.kt", "shared/src/api/client.ts", "shared/src/store/session.ts"],
    tests: ["ios/MeridianTests/PaymentsViewTests.swift", "android/app/src/test/java/com/meridian/payments/PaymentsFragmentTest.kt", "shared/test/client.test.ts"],
    contracts: ["ios/Podfile.lock", "android/app/build.gradle"],
  },
  {
    name: "infrastructure", repo: "infra", tier: 1, team: "infra", ticket: "INF",
    paths: ["terraform/**", "k8s/**", ".github/workflows/**"], dependsOn: ["payments", "ledger", "auth", "platform-api"], dataClasses: [],
    source: ["terraform/modules/rds/main.tf", "terraform/modules/eks/main.tf", "terraform/envs/prod/main.tf", "terraform/envs/prod/iam.tf", "terraform/envs/staging/main.tf", "k8s/payments/deployment.yaml", "k8s/auth/deployment.yaml", "k8s/ingress/nginx.yaml", "k8s/secrets/external-secrets.yaml"],
    tests: ["terraform/tests/rds.tftest.hcl"],
    contracts: [".github/workflows/deploy.yml", ".github/workflows/ci.yml", "terraform/envs/prod/variables.tf"],
  },
  {
    name: "reporting", repo: "data-pipeline", tier: 2, team: "data", ticket: "DATA",
    paths: ["dags/**", "transforms/**", "schemas/**"], dependsOn: [], dataClasses: ["pii", "financial"],
    source: ["dags/daily_settlement.py", "dags/merchant_export.py", "transforms/revenue_by_merchant.sql", "transforms/customer_dim.sql", "transforms/chargeback_rates.sql", "ingest/kafka_consumer.py"],
    tests: ["tests/test_daily_settlement.py", "tests/test_transforms.py"],
    contracts: ["schemas/payment_event.avsc", "schemas/customer.avsc", "requirements.txt"],
  },
  {
    name: "shared-packages", repo: "shared-libs", tier: 1, team: "platform", ticket: "PLAT",
    paths: ["packages/**"], dependsOn: ["payments", "auth", "platform-api", "web-dashboard", "reporting"], dataClasses: [],
    source: ts("packages/logger/src", ["index", "redact"]).concat(ts("packages/http-client/src", ["index", "retry"]), ts("packages/feature-flags/src", ["index", "evaluate"])),
    tests: ts("packages/logger/test", ["redact.test"]).concat(ts("packages/feature-flags/test", ["evaluate.test"])),
    contracts: ["packages/logger/package.json", "packages/http-client/package.json", "package-lock.json"],
  },
  {
    name: "docs", repo: "docs-site", tier: 3, team: "platform", ticket: "PLAT",
    paths: ["content/**"], dependsOn: [], dataClasses: [],
    source: ["content/guides/accept-a-payment.mdx", "content/guides/refunds.mdx", "content/api/authentication.mdx", "content/changelog.mdx"],
    tests: [],
    contracts: ["docusaurus.config.js"],
  },
];

/** Ticket prefixes per team, for ticket references in titles, branches and commits. */
export const TEAM_TICKETS: Record<Team, string> = { payments: "PAY", identity: "IDN", platform: "PLAT", web: "WEB", mobile: "MOB", infra: "INF", data: "DATA" };
