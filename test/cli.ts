import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order they arrived, as a terminal shows them. */
  output: string;
}

/**
 * Runs `npm run cli -- <args>` as its own process (tsx, from the repository root), against the embedded database
 * unless `env` says otherwise: DATABASE_URL is cleared so a developer's PostgreSQL is never touched by accident.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["lib/cli/main.ts", ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "", ...env },
    });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (b: Buffer) => {
      stdout += b;
      output += b;
    });
    child.stderr.on("data", (b: Buffer) => {
      stderr += b;
      output += b;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, output }));
  });
}
