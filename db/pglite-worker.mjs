// The embedded database's own thread: PGlite (Postgres compiled to WebAssembly) runs every statement synchronously,
// so on the web server's thread each query would stall every request being served. Here it runs beside it; the
// client side (db/pglite-thread.ts) sends statements and receives rows by message. Plain ESM so that Node loads it
// as it is under Next, tsx and Vitest alike.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, types } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

// Dates and intervals come back as Postgres wrote them, as the Drizzle PGlite driver asks for (it maps them itself).
// Set once on the instance: passed with each query, PGlite would merge them into its table of parsers every time.
const identity = (value) => value;
const RAW_TYPES = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];

/** An error as plain data: the message plus Postgres's fields (code, detail, constraint, …). */
function plainError(err) {
  const out = { name: err?.name ?? "Error", message: err instanceof Error ? err.message : String(err) };
  if (err && typeof err === "object") {
    for (const [key, value] of Object.entries(err)) {
      if (key === "params") continue;
      if (value === null || ["string", "number", "boolean"].includes(typeof value)) out[key] = value;
    }
  }
  return out;
}

let pg;

async function handle(message) {
  switch (message.op) {
    case "query":
      return await pg.query(message.sql, message.params, { rowMode: message.rowMode ?? "object" });
    case "exec":
      return await pg.exec(message.sql);
    case "commit": {
      const [result] = await pg.exec("COMMIT");
      // COMMIT of a transaction that already failed answers ROLLBACK.
      if (result?.command === "ROLLBACK") throw Object.assign(new Error("The transaction was rolled back"), { code: "40000" });
      return null;
    }
    case "close":
      await pg.close();
      return null;
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

try {
  pg = await PGlite.create({ dataDir: workerData.dataDir ?? undefined, extensions: { pg_trgm } });
  for (const oid of RAW_TYPES) pg.parsers[oid] = identity;
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ ready: false, error: plainError(err) });
}

// One message at a time, in arrival order: the client side decides what may interleave (see PGliteThread).
let queue = Promise.resolve();
parentPort.on("message", (message) => {
  queue = queue.then(async () => {
    try {
      const result = await handle(message);
      parentPort.postMessage({ id: message.id, ok: true, result });
    } catch (err) {
      parentPort.postMessage({ id: message.id, ok: false, error: plainError(err) });
    }
    if (message.op === "close") parentPort.close();
  });
});
