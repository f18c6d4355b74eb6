import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The environment, validated once. Everything configurable lives here with a clear message when it is wrong.
 * Secrets have no defaults in production; the embedded demo generates its own under the data directory.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  PGLITE_DIR: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (generate with: openssl rand -base64 32)").optional(),
  AUTH_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  AUTH_GITHUB_ID: z.string().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().min(1).optional(),
  AUTH_GITHUB_BASE_URL: z.url("must be a URL such as https://github.example.com").optional(),
  ENCRYPTION_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+)*$/, "must look like kid:base64key[,kid:base64key…]")
    .optional(),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  APP_URL: z.url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DEMO_SEED: z.enum(["0", "1"]).optional(),
  /** 0: this web process only queues background jobs; run `npm run cli -- worker` elsewhere. */
  WORKERS: z.enum(["0", "1"]).default("1"),
  DEMO_PASSWORD: z.string().min(8).optional(),
  SIGN_IN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
});

export type Env = z.infer<typeof schema> & {
  /** true when no DATABASE_URL is set: PGlite under the data directory. */
  embedded: boolean;
  pgliteDir: string;
  authSecret: string;
  encryptionKeys: string;
};

export class EnvError extends Error {
  constructor(issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join("\n")}\nSee .env.example for every variable.`);
    this.name = "EnvError";
  }
}

let cached: Env | undefined;

export function getEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (cached && source === process.env) return cached;
  // An empty variable means "not set" (a common way to unset one in a shell or a compose file).
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  const v = parsed.data;
  const embedded = !v.DATABASE_URL;
  const problems: string[] = [];
  const production = v.NODE_ENV === "production" && !embedded;
  if (production && !v.AUTH_SECRET) problems.push("AUTH_SECRET: required with DATABASE_URL in production");
  if (production && !v.ENCRYPTION_KEYS) problems.push("ENCRYPTION_KEYS: required with DATABASE_URL in production");
  if (Boolean(v.AUTH_GITHUB_ID) !== Boolean(v.AUTH_GITHUB_SECRET)) {
    problems.push("AUTH_GITHUB_ID and AUTH_GITHUB_SECRET: set both to enable GitHub sign-in, or neither");
  }
  if (problems.length) throw new EnvError(problems);

  const env: Env = {
    ...v,
    embedded,
    pgliteDir: path.resolve(/*turbopackIgnore: true*/ v.PGLITE_DIR ?? path.join(v.DATA_DIR, "pglite")),
    authSecret: v.AUTH_SECRET ?? localSecret(v.DATA_DIR, "auth-secret", () => randomBytes(32).toString("base64url")),
    encryptionKeys:
      v.ENCRYPTION_KEYS ?? localSecret(v.DATA_DIR, "encryption-keys", () => `local1:${randomBytes(32).toString("base64")}`),
  };
  if (source === process.env) cached = env;
  return env;
}

/** A secret generated once into the data directory, for the embedded demo and development only. */
function localSecret(dataDir: string, name: string, make: () => string): string {
  const file = path.resolve(/*turbopackIgnore: true*/ dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const value = make();
  try {
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
    return value;
  } catch {
    // Another process wrote it first; use theirs.
    return readFileSync(file, "utf8").trim();
  }
}

/** For tests that change the environment. */
export function resetEnvCache(): void {
  cached = undefined;
}
