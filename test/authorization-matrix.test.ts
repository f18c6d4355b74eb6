import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { can, type Capability } from "../lib/auth/permissions";
import { PAGE_ACCESS, ROUTE_ACCESS } from "../lib/auth/page-access";
import { ROLES, type Role } from "../lib/auth/roles";
import type { SessionContext } from "../lib/services/session-context";
import { createTestDatabase, type TestDatabase } from "./databases";
import { makeMember, makeOrg } from "./factories";

/**
 * Walks the whole role × capability matrix through the real action and route modules, called directly as an
 * attacker would (not through the UI). Only the request's session is supplied by the test.
 */
const state: { session: SessionContext | null; database?: TestDatabase } = { session: null };

vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("../lib/auth/current-session", () => ({ getCurrentSession: async () => state.session }));
vi.mock("../db/instance", () => ({ getDb: async () => state.database!.db, getDatabase: async () => state.database! }));
// Queued jobs are recorded, not run: the matrix is about who may ask, not about the work itself.
vi.mock("../lib/jobs/enqueue", () => ({ enqueueJob: async () => undefined }));
vi.mock("../lib/auth/next-auth", () => ({
  auth: async () => null,
  signIn: async () => undefined,
  signOut: async () => undefined,
  handlers: {},
}));

const APP = path.resolve(import.meta.dirname, "../app");
const PUBLIC_ACTIONS = new Set(["signInWithPassword", "signInWithGithub", "signOutAction", "acceptInvitationAction"]);

function walk(dir: string, name: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, name, out);
    else if (entry.name === name) out.push(p);
  }
  return out;
}

function routeOf(file: string): string {
  const rel = path.relative(APP, path.dirname(file)).split(path.sep);
  const segments = rel.filter((s) => s && !(s.startsWith("(") && s.endsWith(")")));
  return `/${segments.join("/")}`;
}

let orgId: string;
let otherOrgId: string;
const userIds: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  state.database = await createTestDatabase("pglite");
  const db = state.database.db;
  orgId = (await makeOrg(db)).id;
  otherOrgId = (await makeOrg(db)).id;
  for (const role of ROLES) userIds[role] = (await makeMember(db, orgId, [role])).id;
});
afterAll(async () => state.database?.dispose());

function sessionFor(role: Role | null): SessionContext | null {
  if (!role) return null;
  const org = { id: orgId, slug: "o", name: "Org", roles: [role] };
  return {
    sessionId: "00000000-0000-4000-8000-000000000000",
    user: { id: userIds[role]!, name: role, email: `${role}@x.test`, githubLogin: null },
    org,
    roles: [role],
    orgs: [org, { id: otherOrgId, slug: "p", name: "Other", roles: [] }],
  };
}

describe("server actions", async () => {
  const files = walk(APP, "actions.ts");
  const actions: Array<{ file: string; name: string; fn: ((input: unknown) => Promise<{ ok: boolean; code?: string }>) & { capability?: Capability } }> = [];
  for (const file of files) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (typeof fn === "function") actions.push({ file: path.relative(APP, file), name, fn: fn as never });
    }
  }

  it("finds the actions", () => expect(actions.length).toBeGreaterThan(4));

  it("every exported action is guarded by a capability, or is knowingly public", () => {
    const unguarded = actions.filter((a) => !a.fn.capability && !PUBLIC_ACTIONS.has(a.name)).map((a) => `${a.file}#${a.name}`);
    expect(unguarded).toEqual([]);
  });

  for (const role of [...ROLES, null] as const) {
    it(`${role ?? "no session"}: refused exactly the actions its role lacks`, async () => {
      state.session = sessionFor(role);
      for (const action of actions.filter((a) => a.fn.capability)) {
        const result = await action.fn({});
        const label = `${action.file}#${action.name} as ${role}`;
        if (!role) expect(result.code, label).toBe("unauthenticated");
        else if (!can([role], action.fn.capability!)) expect(result.code, label).toBe("forbidden");
        else expect(result.ok ? "ok" : result.code, label).not.toMatch(/forbidden|unauthenticated/);
      }
    });
  }
});

describe("API routes", async () => {
  const files = walk(path.join(APP, "api"), "route.ts");

  it("every route is listed with what it requires", () => {
    expect(files.map(routeOf).sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  for (const role of [...ROLES, null] as const) {
    it(`${role ?? "no session"}: 401/403 exactly where its role lacks the capability`, async () => {
      state.session = sessionFor(role);
      for (const file of files) {
        const required = ROUTE_ACCESS[routeOf(file)];
        if (!required || required === "public") continue;
        const mod = (await import(file)) as Record<string, unknown>;
        for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
          const handler = mod[method] as undefined | ((r: Request, c: unknown) => Promise<Response>) & { capability?: Capability };
          if (!handler) continue;
          expect(handler.capability, `${routeOf(file)} ${method}`).toBe(required);
          const res = await handler(new Request(`http://x${routeOf(file)}`, { method }), { params: Promise.resolve({}) });
          const expected = !role ? 401 : can([role], required) ? 200 : 403;
          expect(res.status, `${method} ${routeOf(file)} as ${role}`).toBe(expected);
        }
      }
    });
  }
});

describe("pages", () => {
  const files = walk(APP, "page.tsx");
  it("every page is listed with what it requires, and checks exactly that on the server", () => {
    expect(files.map(routeOf).sort()).toEqual(Object.keys(PAGE_ACCESS).sort());
    for (const file of files) {
      const required = PAGE_ACCESS[routeOf(file)]!;
      const source = readFileSync(file, "utf8");
      if (required === "public") continue;
      if (required === "signed-in") expect(source, routeOf(file)).toContain("getCurrentSession()");
      else expect(source, routeOf(file)).toContain(`requirePage("${required}"`);
    }
  });
});
