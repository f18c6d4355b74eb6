import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { can } from "../lib/auth/permissions";
import { PAGE_ACCESS } from "../lib/auth/page-access";
import type { Role } from "../lib/auth/roles";
import { storageStateOf } from "./roles";
import { firstChangeHref } from "./demo-data";

/** Every page, read by a role allowed to see it, has no serious or critical axe-core violation (WCAG 2.1 AA rules). */
const ROLE_FOR: Role[] = ["engineer", "executive", "counsel", "admin"];

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const [path, capability] of Object.entries(PAGE_ACCESS)) {
  if (capability === "public" || path.includes("[token]")) continue;
  const role = capability === "signed-in" ? "engineer" : ROLE_FOR.find((r) => can([r], capability))!;
  test.describe(`${path} as ${role}`, () => {
    test.use({ storageState: storageStateOf(role) });
    test(`${path} has no serious or critical accessibility violation`, async ({ page }) => {
      test.setTimeout(420_000);
      const target = path === "/ledger/[change]" ? await firstChangeHref(page) : path;
      await page.goto(target);
      await page.waitForLoadState("networkidle");
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

test.describe("the public sign-in page", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test("has no serious or critical accessibility violation", async ({ page }) => {
    await page.goto("/sign-in");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
