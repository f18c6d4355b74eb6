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

test.describe("the server refuses what a role may not use", () => {
  for (const role of ROLES) {
    test(`${role}: every page and API route answers by capability`, async ({ baseURL }) => {
      const ctx = await request.newContext({ baseURL, storageState: storageStateOf(role) });
      for (const [path, capability] of guardedPages) {
        const res = await ctx.get(path, { maxRedirects: 0 });
        expect(res.status(), `${role} GET ${path}`).toBe(can([role], capability) ? 200 : 403);
      }
      for (const [path, capability] of guardedRoutes) {
        const res = await ctx.get(path, { maxRedirects: 0 });
        expect(res.status(), `${role} GET ${path}`).toBe(can([role], capability) ? 200 : 403);
      }
      await ctx.dispose();
    });
  }

  test("without a session, pages redirect to sign-in and routes answer 401", async ({ baseURL }) => {
    const ctx = await request.newContext({ baseURL });
    for (const [path] of guardedPages) {
      const res = await ctx.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(307);
      expect(res.headers().location, path).toContain("/sign-in");
    }
    for (const [path] of guardedRoutes) {
      expect((await ctx.get(path, { maxRedirects: 0 })).status(), path).toBe(401);
    }
    await ctx.dispose();
  });
});
