import { afterEach, describe, expect, it, vi } from "vitest";
import { PGliteThread } from "./pglite-thread";

describe("the embedded database on its own thread", () => {
  let db: PGliteThread | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  async function open() {
    db = await PGliteThread.open(undefined);
    await db.exec("create table t (id int primary key, note text)");
    return db;
  }

  it("answers rows as objects or arrays, with Postgres's error fields on failure", async () => {
    const pg = await open();
    await pg.query("insert into t values ($1, $2), ($3, $4)", [1, "one", 2, "two"]);
    expect((await pg.query("select id, note from t order by id")).rows).toEqual([
      { id: 1, note: "one" },
      { id: 2, note: "two" },
    ]);
    expect((await pg.query("select id, note from t where id = $1", [2], { rowMode: "array" })).rows).toEqual([[2, "two"]]);
    // Timestamps stay text, as the Drizzle driver expects to map them itself.
    expect((await pg.query<{ at: unknown }>("select timestamptz '2026-01-02 03:04:05+00' as at")).rows[0]!.at).toBe("2026-01-02 03:04:05+00");
    const err = await pg.query("insert into t values (1, 'again')").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: "23505", constraint: "t_pkey" });
  });

  it("commits a transaction, rolls back a failed one, and keeps other queries out until it ends", async () => {
    const pg = await open();
    const order: string[] = [];
    const tx = pg.transaction(async (t) => {
      await t.query("insert into t values (1, 'in tx')");
      order.push("tx wrote");
      await new Promise((r) => setTimeout(r, 50));
      order.push("tx ends");
    });
    // Issued while the transaction is open: it must see the committed row, not run in the middle.
    const outside = pg.query<{ n: number }>("select count(*)::int as n from t").then((r) => {
      order.push("outside read");
      return r.rows[0]!.n;
    });
    await tx;
    expect(await outside).toBe(1);
    expect(order).toEqual(["tx wrote", "tx ends", "outside read"]);

    const failed = await pg
      .transaction(async (t) => {
        await t.query("insert into t values (2, 'rolled back')");
        await t.query("insert into t values (1, 'duplicate')");
      })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: "23505" });
    expect((await pg.query<{ id: number }>("select id from t order by id")).rows).toEqual([{ id: 1 }]);

    // A callback that fails without a database error rolls back too.
    await expect(
      pg.transaction(async (t) => {
        await t.query("insert into t values (3, 'never')");
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await pg.query<{ n: number }>("select count(*)::int as n from t")).rows[0]!.n).toBe(1);
  });

  it("fails the waiting and every later query with a clear message when its thread dies", async () => {
    const pg = await open();
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const waiting = pg.query("select pg_sleep(0.5)");
      await (pg as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      await expect(waiting).rejects.toThrow(/embedded database is closed/);
      await expect(pg.query("select 1")).rejects.toThrow(/embedded database is closed/);
      expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toMatch(/Restart the server/);
    } finally {
      stderr.mockRestore();
    }
    db = null;
  });

  it("fails every later query with a clear message once the database is closed", async () => {
    const pg = await open();
    await pg.close();
    db = null;
    await expect(pg.query("select 1")).rejects.toThrow(/embedded database is closed/);
  });
});
