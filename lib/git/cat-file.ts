import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import type { BranchCommit } from "./log-record";

/** A long-running `git cat-file --batch` that answers commit look-ups one at a time. */
export class CommitReader {
  private proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private waiting: Array<{ resolve: (v: BranchCommit | null) => void; reject: (e: Error) => void }> = [];
  private failed: Error | null = null;

  constructor(dir: string) {
    this.proc = spawn("git", ["-C", dir, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stdout.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    this.proc.on("error", (err) => this.fail(err));
    this.proc.on("exit", (code) => {
      if (code && this.waiting.length) this.fail(new Error(`git cat-file exited with ${code}`));
    });
  }

  read(sha: string): Promise<BranchCommit | null> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.proc.stdin.write(`${sha}\n`);
    });
  }

  close(): void {
    this.proc.stdin.end();
  }

  private fail(err: Error) {
    this.failed = err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }

  private drain() {
    while (this.waiting.length) {
      const nl = this.buffer.indexOf(10);
      if (nl < 0) return;
      const header = this.buffer.subarray(0, nl).toString("utf8");
      if (header.endsWith(" missing")) {
        this.buffer = this.buffer.subarray(nl + 1);
        this.waiting.shift()!.resolve(null);
        continue;
      }
      const size = Number(header.split(" ")[2]);
      if (this.buffer.length < nl + 1 + size + 1) return;
      const body = this.buffer.subarray(nl + 1, nl + 1 + size).toString("utf8");
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      const sha = header.split(" ")[0]!;
      this.waiting.shift()!.resolve(header.split(" ")[1] === "commit" ? parseCommitObject(sha, body) : null);
    }
  }
}

export function parseCommitObject(sha: string, text: string): BranchCommit {
  const split = text.indexOf("\n\n");
  const headers = (split < 0 ? text : text.slice(0, split)).split("\n");
  const message = split < 0 ? "" : text.slice(split + 2);
  const author = headers.find((h) => h.startsWith("author ")) ?? "";
  const parents = headers.filter((h) => h.startsWith("parent ")).map((h) => h.slice(7).trim());
  const m = /^author (.*) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(author);
  return {
    sha,
    parents,
    authorName: m?.[1] ?? "",
    authorEmail: m?.[2] ?? "",
    authoredAt: m ? new Date(Number(m[3]) * 1000).toISOString() : "",
    message,
  };
}
