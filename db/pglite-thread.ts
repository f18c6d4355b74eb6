import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";

/** What the Drizzle PGlite driver calls on its client: query, and transaction with a query of its own. */
export interface PGliteQueryable {
  query<T = unknown>(sql: string, params?: unknown[], options?: { rowMode?: "array" | "object" }): Promise<PGliteResult<T>>;
  exec(sql: string): Promise<PGliteResult<unknown>[]>;
}

export interface PGliteResult<T> {
  rows: T[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

type Request = { op: "query"; sql: string; params: unknown[]; rowMode?: string } | { op: "exec"; sql: string } | { op: "commit" } | { op: "close" };

/**
 * The embedded database, run on a worker thread of its own (db/pglite-worker.mjs), behind the client surface the
 * Drizzle PGlite driver uses. PGlite is one session, so statements take turns: a transaction holds the turn from
 * BEGIN to COMMIT or ROLLBACK, exactly as in-process PGlite holds its transaction lock, and a query outside it
 * waits. The gain is that Postgres's work (parsing, planning, writing, the indexes) no longer runs on the caller's
 * thread: the web server keeps answering, and a sync scores its next batch while the last one is written.
 */
export class PGliteThread implements PGliteQueryable {
  private nextId = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private turn: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private closing = false;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (m: { id?: number; ok?: boolean; result?: unknown; error?: PlainError }) => {
      if (m.id === undefined) return;
      const waiter = this.pending.get(m.id);
      if (!waiter) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) waiter.resolve(m.result);
      else waiter.reject(errorFrom(m.error!));
    });
    const stop = (err: Error) => {
      if (!this.failure && !this.closing) {
        // Nothing can be stored or read from here on: say so where an operator looks, once.
        process.stderr.write(`Risk Ledger: ${err.message} Restart the server.\n`);
      }
      this.failure ??= err;
      for (const waiter of this.pending.values()) waiter.reject(this.failure);
      this.pending.clear();
    };
    worker.on("error", (err) => stop(new Error(`The embedded database stopped (${err.message}).`)));
    worker.on("exit", (code) => stop(new Error(`The embedded database is closed (its thread exited with code ${code}).`)));
  }

  /** Starts the thread and opens the database (a data directory, or in memory without one). */
  static async open(dataDir: string | undefined): Promise<PGliteThread> {
    // The worker is a plain module file: flags about how this process's own entry is read do not apply to it.
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith("--input-type"));
    const worker = new Worker(workerFile(), { workerData: { dataDir }, execArgv });
    const ready = await new Promise<{ ready: boolean; error?: PlainError }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the embedded database thread exited with code ${code}`)));
    });
    if (!ready.ready) {
      await worker.terminate();
      throw errorFrom(ready.error!);
    }
    worker.unref();
    return new PGliteThread(worker);
  }

  query<T>(sql: string, params: unknown[] = [], options: { rowMode?: "array" | "object" } = {}): Promise<PGliteResult<T>> {
    return this.inTurn(() => this.send({ op: "query", sql, params, rowMode: options.rowMode }) as Promise<PGliteResult<T>>);
  }

  exec(sql: string): Promise<PGliteResult<unknown>[]> {
    return this.inTurn(() => this.send({ op: "exec", sql }) as Promise<PGliteResult<unknown>[]>);
  }

  /** BEGIN … COMMIT around the callback, whose client runs inside the turn; any failure rolls back. */
  transaction<T>(callback: (tx: PGliteQueryable) => Promise<T>): Promise<T> {
    return this.inTurn(async () => {
      await this.send({ op: "exec", sql: "BEGIN" });
      let open = true;
      const check = () => {
        if (!open) throw new Error("Transaction is closed");
      };
      const tx: PGliteQueryable & { rollback(): Promise<void>; readonly closed: boolean } = {
        query: <R>(sql: string, params: unknown[] = [], options: { rowMode?: "array" | "object" } = {}) => {
          check();
          return this.send({ op: "query", sql, params, rowMode: options.rowMode }) as Promise<PGliteResult<R>>;
        },
        exec: (sql: string) => {
          check();
          return this.send({ op: "exec", sql }) as Promise<PGliteResult<unknown>[]>;
        },
        rollback: async () => {
          check();
          open = false;
          await this.send({ op: "exec", sql: "ROLLBACK" });
        },
        get closed() {
          return !open;
        },
      };
      try {
        const result = await callback(tx);
        if (open) {
          open = false;
          await this.send({ op: "commit" });
        }
        return result;
      } catch (err) {
        if (open) {
          open = false;
          await this.send({ op: "exec", sql: "ROLLBACK" }).catch(() => {});
        }
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.inTurn(() => this.send({ op: "close" })).catch(() => {});
    await this.worker.terminate();
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  private send(request: Request): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A waiting query keeps the process alive; an idle database does not.
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ id, ...request });
    });
  }
}

interface PlainError {
  name: string;
  message: string;
  [field: string]: string | number | boolean | null;
}

function errorFrom(plain: PlainError): Error {
  const { name, message, ...fields } = plain;
  const err = Object.assign(new Error(message), fields);
  err.name = name;
  return err;
}

/**
 * The worker's file is loaded by Node from the project as it is: found next to this module when run from source
 * (tsx, Vitest), and from the project root when this module was bundled into the Next build.
 */
function workerFile(): string {
  const here = import.meta.dirname;
  const beside = here ? path.join(/*turbopackIgnore: true*/ here, "pglite-worker.mjs") : null;
  if (beside && existsSync(/*turbopackIgnore: true*/ beside)) return beside;
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "pglite-worker.mjs");
}
