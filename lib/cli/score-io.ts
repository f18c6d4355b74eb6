import { createReadStream, createWriteStream, existsSync, readFileSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { defaultCompiledPolicy, formatPolicyError, loadPolicy, type CompiledPolicy } from "@/lib/policy";
import { CliError } from "./errors";

/** Lines of a text file (gzip when the name ends in .gz), streamed, with 1-based line numbers. */
export async function* readLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  if (!existsSync(path)) throw new CliError(`input file not found: ${path}`);
  const raw = createReadStream(path);
  const stream = path.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    yield { line, text };
  }
}

/** The policy of a file (validated, with every error listed by line and column), or the default policy. */
export function loadPolicyFile(path: string | undefined): CompiledPolicy {
  if (!path) return defaultCompiledPolicy();
  if (!existsSync(path)) throw new CliError(`policy file not found: ${path}`);
  const loaded = loadPolicy(readFileSync(path, "utf8"));
  if (!loaded.ok) {
    throw new CliError(`policy ${path} is invalid:\n${loaded.errors.map((e) => `  ${formatPolicyError(e)}`).join("\n")}`);
  }
  return loaded.policy;
}

/** A line writer that respects back-pressure, so memory stays flat however many lines are written. */
export interface LineWriter {
  write(line: string): Promise<void>;
  close(): Promise<void>;
}

export function openLineWriter(path: string): LineWriter {
  const out: WriteStream = path === "-" ? (process.stdout as unknown as WriteStream) : createWriteStream(path);
  return {
    async write(line) {
      if (!out.write(`${line}\n`)) await once(out, "drain");
    },
    async close() {
      if (path === "-") return;
      out.end();
      await once(out, "finish");
    },
  };
}
