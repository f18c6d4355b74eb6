import { beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeMember, makeOrg } from "../../test/factories";
import { hashPassword } from "../auth/password";
import { findLiveSession, revokeAuthSession } from "../../db/queries/sessions";
import { authenticate } from "./authenticate";
import { loadSessionContext } from "./session-context";

const limits = { maxFailures: 3, windowMinutes: 15, sessionHours: 2 };
const now = new Date("2026-11-21T10:00:00Z");

describeEachDriver("authenticate", (ctx) => {
  let email: string;
  let passwordHash: string;
  beforeAll(async () => {
    passwordHash = await hashPassword("correct horse battery");
    const org = await makeOrg(ctx.db);
    email = (await makeMember(ctx.db, org.id, ["engineer"], { passwordHash })).email;
  });

  it("signs in with the right password and creates a live session", async () => {
    const result = await authenticate(
      ctx.db,
      { email: email.toUpperCase(), password: "correct horse battery", clientAddress: "10.0.0.1", now },
      limits,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const live = await findLiveSession(ctx.db, result.sessionId, now);
    expect(live?.user.email).toBe(email);
    const context = await loadSessionContext(ctx.db, result.sessionId, now);
    expect(context?.roles).toEqual(["engineer"]);
  });

  it("answers a wrong password and an unknown email with the same error", async () => {
    const wrong = await authenticate(ctx.db, { email, password: "nope", clientAddress: "10.0.0.2", now }, limits);
    const unknown = await authenticate(
      ctx.db,
      { email: "nobody@example.test", password: "nope", clientAddress: "10.0.0.2", now },
      limits,
    );
    expect(wrong).toEqual({ ok: false, error: "invalid_credentials" });
    expect(unknown).toEqual(wrong);
  });

  it("rate-limits repeated failures for one email, even with the right password, until the window ends", async () => {
    const target = (await makeMember(ctx.db, (await makeOrg(ctx.db)).id, ["admin"], { passwordHash })).email;
    for (let i = 0; i < limits.maxFailures; i++) {
      const r = await authenticate(ctx.db, { email: target, password: "bad", clientAddress: `10.1.0.${i}`, now }, limits);
      expect(r).toEqual({ ok: false, error: "invalid_credentials" });
    }
    const blocked = await authenticate(
      ctx.db,
      { email: target, password: "correct horse battery", clientAddress: "10.1.1.1", now },
      limits,
    );
    expect(blocked.ok).toBe(false);
    expect(blocked.ok === false && blocked.error).toBe("rate_limited");
    const later = new Date(now.getTime() + limits.windowMinutes * 60_000);
    const allowed = await authenticate(
      ctx.db,
      { email: target, password: "correct horse battery", clientAddress: "10.1.1.1", now: later },
      limits,
    );
    expect(allowed.ok).toBe(true);
  });

  it("ends sessions on revocation and on expiry", async () => {
    const r = await authenticate(ctx.db, { email, password: "correct horse battery", clientAddress: "10.0.0.3", now }, limits);
    if (!r.ok) throw new Error("sign-in failed");
    expect(await loadSessionContext(ctx.db, r.sessionId, now)).not.toBeNull();
    const afterExpiry = new Date(now.getTime() + limits.sessionHours * 3_600_000 + 1);
    expect(await loadSessionContext(ctx.db, r.sessionId, afterExpiry)).toBeNull();
    await revokeAuthSession(ctx.db, r.sessionId, now);
    expect(await loadSessionContext(ctx.db, r.sessionId, now)).toBeNull();
  });
});
