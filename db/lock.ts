import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

/**
 * PGlite has no cross-process lock, and two processes on one data directory silently lose committed writes.
 * This exclusive lock file (O_EXCL) holds the owner's pid; a stale lock (dead pid on this host) is taken over.
 */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database at ${dataDir} is in use by process ${holder.pid} on ${holder.host} ` +
        `(${holder.command}, since ${holder.since}). Only one process may open it: stop that process, ` +
        `or point both at PostgreSQL with DATABASE_URL.`,
    );
    this.name = "DatabaseLockedError";
  }
}

export interface DirectoryLock {
  file: string;
  release(): void;
}

export function lockFileFor(dataDir: string): string {
  return path.join(dataDir, "risk-ledger.lock");
}

export function acquireDirectoryLock(dataDir: string, command = describeProcess()): DirectoryLock {
  mkdirSync(dataDir, { recursive: true });
  const file = lockFileFor(dataDir);
  const me: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          const holder = readHolder(file);
          if (holder?.pid === me.pid && holder.host === me.host) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
      process.on("exit", release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readHolder(file);
      if (holder && holder.pid === process.pid && holder.host === me.host) {
        throw new DatabaseLockedError(dataDir, holder);
      }
      if (holder && !isStale(holder)) throw new DatabaseLockedError(dataDir, holder);
      try {
        unlinkSync(file);
      } catch {
        // Someone else removed it; try again.
      }
    }
  }
  const holder = readHolder(file);
  throw new DatabaseLockedError(dataDir, holder ?? { pid: -1, host: "unknown", command: "unknown", since: "unknown" });
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function describeProcess(): string {
  const script = process.argv.slice(1, 3).map((a) => path.basename(a)).join(" ");
  return script || "node";
}
