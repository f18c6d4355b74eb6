import { test } from "@playwright/test";
import type { Role } from "../lib/auth/roles";
import { storageStateOf } from "./roles";
import { firstChangeHref, waitForLedgerData } from "./demo-data";

/** Each view at desktop (1280) and mobile (390) widths, saved under test-results/screenshots as artifacts. */
const PAGES: Array<{ name: string; role: Role; path: string | "change" }> = [
  { name: "ledger", role: "engineer", path: "/ledger" },
  { name: "ledger-open", role: "engineer", path: "/ledger?tab=open" },
  { name: "change", role: "engineer", path: "change" },
  { name: "review", role: "engineer", path: "/review" },
  { name: "board", role: "executive", path: "/board" },
  { name: "policy", role: "admin", path: "/settings/policy" },
  { name: "settings", role: "admin", path: "/settings" },
];

for (const p of PAGES) {
  test.describe(p.name, () => {
    test.use({ storageState: storageStateOf(p.role) });
    test(`${p.name} at desktop and mobile widths`, async ({ page }) => {
      test.setTimeout(420_000);
      await waitForLedgerData(page);
      const target = p.path === "change" ? await firstChangeHref(page) : p.path;
      for (const [label, width] of [["desktop", 1280], ["mobile", 390]] as const) {
        await page.setViewportSize({ width, height: label === "desktop" ? 900 : 844 });
        await page.goto(target);
        await page.waitForLoadState("networkidle");
        await page.screenshot({ path: `test-results/screenshots/${p.name}-${label}-${width}.png`, fullPage: true });
      }
    });
  });
}
