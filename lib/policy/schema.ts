import { z } from "zod";
import { globProblem } from "./glob";

/**
 * The policy document (docs/policy.md) as written in YAML. Keys are snake_case as users write them; every section
 * is optional and takes the defaults of DEFAULT_POLICY's spirit (see docs/policy.md).
 */

const SIGNALS = ["scope", "criticality", "compliance", "policy", "verification", "review", "history"] as const;
export const DATA_CLASSES = ["pii", "phi", "cardholder", "financial", "credentials"] as const;
const BANDS = ["elevated", "high", "critical"] as const;

const glob = z.string({ error: "expected a path pattern (string)" }).superRefine((value, ctx) => {
  const problem = globProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: `invalid path pattern "${value}": ${problem}` });
});
const globList = z.array(glob, { error: "expected a list of path patterns" });

const regex = z.string({ error: "expected a regular expression (string)" }).superRefine((value, ctx) => {
  try {
    new RegExp(value, "i");
  } catch (err) {
    ctx.addIssue({ code: "custom", message: `invalid regular expression: ${(err as Error).message}` });
  }
});

const tier = z
  .number({ error: "expected a number from 0 to 3" })
  .int({ error: "expected a whole number from 0 to 3" })
  .min(0, { error: "expected a number from 0 to 3" })
  .max(3, { error: "expected a number from 0 to 3" });

const dataClass = z.enum(DATA_CLASSES, { error: `expected one of ${DATA_CLASSES.join(", ")}` });

/** Paths for every repository (a list), or per repository ("owner/name" → list; "*" for any repository). */
const servicePaths = z.union([globList, z.record(z.string(), globList)], {
  error: "expected a list of path patterns, or a map of repository (owner/name) to path patterns",
});

const service = z.strictObject({
  name: z.string({ error: "expected a service name" }).min(1, { error: "expected a non-empty service name" }),
  owner: z.string({ error: "expected an owner team, e.g. @acme/payments" }).optional(),
  tier,
  paths: servicePaths,
  depends_on: z.array(z.string(), { error: "expected a list of service names" }).default([]),
  data_classes: z.array(dataClass, { error: "expected a list of data classes" }).default([]),
});

const regime = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "expected a short id (lower case, digits, - or _)" }),
    name: z.string({ error: "expected the regime's name, e.g. PCI DSS" }),
    paths: globList.default([]),
    data_classes: z.array(dataClass, { error: "expected a list of data classes" }).default([]),
  })
  .refine((r) => r.paths.length > 0 || r.data_classes.length > 0, {
    error: "a regime needs paths or data_classes (or both)",
  });

const nonNegInt = z
  .number({ error: "expected a whole number ≥ 0" })
  .int({ error: "expected a whole number ≥ 0" })
  .min(0, { error: "expected a whole number ≥ 0" });

const dependencyRules = z.strictObject({
  allow: z.array(z.string(), { error: "expected a list of package names (globs allowed)" }).optional(),
  deny: z.array(z.string(), { error: "expected a list of package names (globs allowed)" }).default([]),
});

const controls = z.strictObject({
  approvals: z
    .strictObject({ "0": nonNegInt.optional(), "1": nonNegInt.optional(), "2": nonNegInt.optional(), "3": nonNegInt.optional(), default: nonNegInt.optional() })
    .default({}),
  codeowners_approval: z.boolean({ error: "expected true or false" }).default(false),
  required_checks: z.array(z.string(), { error: "expected a list of check names" }).default([]),
  ticket_pattern: regex.nullable().default(null),
  dependencies: z.record(z.string(), dependencyRules).default({}),
  admin_bypass_is_violation: z.boolean({ error: "expected true or false" }).default(true),
  gate: z
    .strictObject({ band: z.enum(BANDS, { error: `expected one of ${BANDS.join(", ")}` }) })
    .default({ band: "high" }),
});

const toolPattern = z.strictObject({ tool: z.string(), pattern: regex });
const toolLogin = z.strictObject({ tool: z.string(), login: z.string() });
const toolPrefix = z.strictObject({ tool: z.string(), prefix: z.string() });

const multiplier = z
  .number({ error: "expected a number from 1 to 3" })
  .min(1, { error: "expected a number from 1 to 3 (AI origin never lowers risk)" })
  .max(3, { error: "expected a number from 1 to 3" });

const ai = z.strictObject({
  /** Matched against the name and the email of Co-authored-by trailers (and other agent trailers). */
  co_authors: z.array(toolPattern, { error: "expected a list of { tool, pattern }" }).optional(),
  bot_logins: z.array(toolLogin, { error: "expected a list of { tool, login }" }).optional(),
  body_markers: z.array(toolPattern, { error: "expected a list of { tool, pattern }" }).optional(),
  labels: z.array(z.string(), { error: "expected a list of label names" }).optional(),
  branch_prefixes: z.array(toolPrefix, { error: "expected a list of { tool, prefix }" }).optional(),
  provenance: z.boolean({ error: "expected true or false" }).default(true),
  multipliers: z.partialRecord(z.enum(SIGNALS), multiplier).default({}),
});

const weights = z.partialRecord(
  z.enum(SIGNALS, { error: `expected one of ${SIGNALS.join(", ")}` }),
  z.number({ error: "expected a weight ≥ 0" }).min(0, { error: "expected a weight ≥ 0" }),
);

const bands = z
  .strictObject({
    elevated: z.number({ error: "expected a number from 0 to 100" }).min(0).max(100),
    high: z.number({ error: "expected a number from 0 to 100" }).min(0).max(100),
    critical: z.number({ error: "expected a number from 0 to 100" }).min(0).max(100),
  })
  .refine((b) => b.elevated < b.high && b.high < b.critical, {
    error: "band thresholds must rise: elevated < high < critical",
  });

/** Path conventions: which files are tests, docs, generated, contracts … (defaults in DEFAULT_POLICY). */
const pathKinds = z.strictObject({
  tests: globList.optional(),
  docs: globList.optional(),
  generated: globList.optional(),
  translations: globList.optional(),
  contracts: globList.optional(),
  migrations: globList.optional(),
  infra: globList.optional(),
  secrets: globList.optional(),
  auth: globList.optional(),
  shared: globList.optional(),
  manifests: globList.optional(),
});

const history = z.strictObject({
  window_days: z.number().int().min(1).max(3650).default(90),
  fix_pattern: regex.default("\\b(fix|fixes|fixed|hotfix|bug|bugfix|regression|broken)\\b"),
});

export const policySchema = z
  .strictObject({
    version: z.literal(1, { error: "expected version: 1" }).default(1),
    name: z.string().optional(),
    services: z.array(service, { error: "expected a list of services" }).default([]),
    regimes: z.array(regime, { error: "expected a list of regimes" }).default([]),
    controls: controls.default(controls.parse({})),
    ai: ai.default(ai.parse({})),
    weights: weights.default({}),
    bands: bands.optional(),
    paths: pathKinds.default({}),
    history: history.default(history.parse({})),
  })
  .superRefine((policy, ctx) => {
    const names = new Map<string, number>();
    policy.services.forEach((s, i) => {
      if (names.has(s.name)) {
        ctx.addIssue({ code: "custom", path: ["services", i, "name"], message: `duplicate service name "${s.name}"` });
      }
      names.set(s.name, i);
    });
    policy.services.forEach((s, i) => {
      s.depends_on.forEach((dep, j) => {
        if (!names.has(dep)) {
          ctx.addIssue({ code: "custom", path: ["services", i, "depends_on", j], message: `unknown service "${dep}"` });
        }
      });
    });
    const ids = new Set<string>();
    policy.regimes.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: "custom", path: ["regimes", i, "id"], message: `duplicate regime id "${r.id}"` });
      ids.add(r.id);
    });
  });

/** The policy as written (snake_case), after defaults. */
export type PolicyDocument = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
