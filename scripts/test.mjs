#!/usr/bin/env node
// `npm test`: every check in one command — lint, typecheck, unit and integration tests (PGlite and PostgreSQL),
// the production build, then the end-to-end suite in Chromium. Stops at the first failing step.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const steps = [
  ["lint", bin("eslint"), [".", "--max-warnings=0"]],
  ["typecheck", bin("tsc"), ["--noEmit"]],
  ["unit and integration", bin("vitest"), ["run"]],
  ["build", process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"]],
  ["end-to-end", bin("playwright"), ["test"]],
];
const only = process.argv.slice(2);

// e2e drives Debian's Chromium (a browser download is not possible here). Install it when missing and allowed.
function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    process.stdout.write(`Chromium not found at ${chromium}: installing Debian's chromium package…\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [["update", "-qq"], ["install", "-y", "-qq", "chromium"]]) {
      const r = spawnSync("apt-get", args, { stdio: "inherit", env });
      if (r.status !== 0) break;
    }
  }
  if (!existsSync(chromium)) {
    process.stderr.write(`Chromium is required for the end-to-end tests: install it (apt-get install chromium) or set CHROMIUM_PATH.\n`);
    process.exit(1);
  }
}

for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name.split(" ")[0])) continue;
  if (name === "end-to-end") ensureChromium();
  process.stdout.write(`\n── ${name} ──\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stderr.write(`\n✗ ${name} failed after ${secs} s\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`✓ ${name} (${secs} s)\n`);
}
