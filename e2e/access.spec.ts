import { expect, request, test } from "@playwright/test";
import { can } from "../lib/auth/permissions";
import { PAGE_ACCESS, ROUTE_ACCESS } from "../lib/auth/page-access";
import { ROLES } from "../lib/auth/roles";
import { storageStateOf } from "./roles";

const guardedPages = Object.entries(PAGE_ACCESS).filter(
  (e): e is [string, Exclude<(typeof e)[1], "public" | "signed-in">] => e[1] !== "public" && e[1] !== "signed-in",
);
const guardedRoutes = Object.entries(ROUTE_ACCESS).filter(
  (e): e is [string, Exclude<(typeof e)[1], "public">] => e[1] !== "public",
);

/** A dynamic segment filled with a plausible id. */
function concrete(path: string): string {
  return path.replace(/\[[^\]]+\]/g, "1");
}

test.describe("the server refuses what a role may not use", () => {
  for (const role of ROLES) {
    test(`${role}: every page and API route answers by capability`, async ({ baseURL }) => {
      const ctx = await request.newContext({ baseURL, storageState: storageStateOf(role) });
      for (const [path, capability] of guardedPages) {
        // Dynamic pages are asked for an id that may not exist yet: "not found" still means "not refused".
        const res = await ctx.get(concrete(path), { maxRedirects: 0 });
        const allowed = path.includes("[") ? [200, 404] : [200];
        if (can([role], capability)) expect(allowed, `${role} GET ${path}`).toContain(res.status());
        else expect(res.status(), `${role} GET ${path}`).toBe(403);
      }
      for (const [path, capability] of guardedRoutes) {
        const res = await ctx.get(concrete(path), { maxRedirects: 0 });
        // Allowed: anything but a refusal or a crash (a route may answer 400 without its parameters).
        if (can([role], capability)) expect([401, 403, 500], `${role} GET ${path}`).not.toContain(res.status());
        else expect(res.status(), `${role} GET ${path}`).toBe(403);
      }
      await ctx.dispose();
    });
  }

  test("without a session, pages redirect to sign-in and routes answer 401", async ({ baseURL }) => {
    const ctx = await request.newContext({ baseURL });
    for (const [path] of guardedPages) {
      const res = await ctx.get(concrete(path), { maxRedirects: 0 });
      expect(res.status(), path).toBe(307);
      expect(res.headers().location, path).toContain("/sign-in");
    }
    for (const [path] of guardedRoutes) {
      expect((await ctx.get(concrete(path), { maxRedirects: 0 })).status(), path).toBe(401);
    }
    await ctx.dispose();
  });
});
