import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";
import { waitForLedgerData } from "./demo-data";

test.use({ storageState: storageStateOf("engineer") });

test("the engineer's queue lists what waits on them, riskiest first, with reasons; low risk apart", async ({ page }) => {
  test.setTimeout(420_000);
  await waitForLedgerData(page, "?tab=open");
  await page.goto("/review");
  await expect(page.getByText("Matching GitHub login @demo-engineer")).toBeVisible();
  const flagged = page.getByRole("region", { name: /Needs attention/ });
  const items = flagged.getByTestId("review-list").locator("> li");
  await expect(items.first()).toBeVisible();
  const risks = await items.evaluateAll((lis) => lis.map((li) => Number(li.querySelector(".badge .num")?.textContent ?? "NaN")));
  expect(risks.every((r) => Number.isFinite(r))).toBe(true);
  expect(risks).toEqual([...risks].sort((a, b) => b - a));
  await expect(items.first().locator(".review-reasons li").first()).toBeVisible();
  await expect(items.first()).toContainText(/review requested from you|you own touched paths/);
  await expect(flagged.locator("[data-band=low]")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /Low risk/ })).toBeVisible();
  await items.first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/ledger\/\d+$/);
});
