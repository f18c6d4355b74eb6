import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";

test.use({ storageState: storageStateOf("counsel") });

test("counsel verifies the organisation's whole chain from the receipts page", async ({ page }) => {
  test.setTimeout(420_000);
  // Receipts are issued as the demo organisation syncs after start: wait for them by polling the page.
  await expect(async () => {
    await page.goto("/receipts");
    await expect(page.getByTestId("receipt-results").locator("tbody tr").first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 300_000, intervals: [2_000, 5_000] });

  // Verification parses and hashes on the server's worker threads (lib/receipts/verify-pool.ts).
  await page.getByRole("link", { name: "Verify the whole chain" }).click();
  await expect(page).toHaveURL(/verify=1/);
  const status = page.getByTestId("chain-status");
  await expect(status).toContainText("Chain intact.");
  await expect(status).toContainText(/All [\d,]+ receipts verified/);
});
