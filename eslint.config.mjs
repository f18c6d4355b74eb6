import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const PURE_ENGINE_BANS = [
  { group: ["node:*", "fs", "path", "child_process", "http", "https", "net", "os", "crypto"], message: "lib/scoring is pure: no I/O." },
  { group: ["next", "next/*", "react", "react-dom", "drizzle-orm", "drizzle-orm/*", "postgres", "@electric-sql/*"], message: "lib/scoring is framework-free." },
  { group: ["@/db/*", "@/lib/services/*", "@/lib/github/*", "@/lib/git/*", "@/app/*", "@/components/*", "../../db/*"], message: "lib/scoring must not depend on the app." },
];

const config = [
  ...next,
  ...nextTs,
  { ignores: [".next/**", ".next-*/**", "coverage/**", "node_modules/**", ".data/**", "next-env.d.ts", "bench/out/**", "test-results/**", "playwright-report/**"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/scoring/**/*.ts"],
    ignores: ["lib/scoring/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: PURE_ENGINE_BANS }],
      "no-restricted-globals": ["error", { name: "Date", message: "lib/scoring never reads the clock: times come in as arguments." }, "fetch", "process"],
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "lib/scoring is deterministic." }],
    },
  },
];

export default config;
