import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";
import { waitForLedgerData } from "./demo-data";

test.use({ storageState: storageStateOf("engineer") });

test("an engineer attests a high-risk change they own or reviewed, and the amendment appears", async ({ page }) => {
  test.setTimeout(420_000);
  const candidates = page.getByTestId("attestable-changes").locator("tbody tr").filter({ hasText: "merged" }).filter({ hasText: /no$/ });
  await expect(async () => {
    await page.goto("/receipts/attest");
    await expect(candidates.first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 300_000, intervals: [2_000, 5_000] });

  await candidates.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/receipts\/attest\?change=\d+/);
  const receipts = page.getByTestId("change-receipts").locator("tbody tr");
  await expect(receipts.first()).toBeVisible();
  const before = await receipts.count();

  await page.getByRole("button", { name: "I reviewed this risk and accept it" }).click();
  await expect(page.getByText("Write at least 10 characters.")).toBeVisible();
  await page.getByLabel("Why you accept this risk").fill("Read the diff and the rollback plan; the migration is guarded by a flag.");
  await page.getByRole("button", { name: "I reviewed this risk and accept it" }).click();
  // The confirmation shows until the page refreshes into its attested state; either one proves the action landed.
  await expect(
    page.getByTestId("attest-done").filter({ hasText: /amendment receipt #\d+ issued/ }).or(page.getByText("You have attested the current score of this change.")),
  ).toBeVisible();

  await expect(receipts).toHaveCount(before + 1);
  await expect(receipts.last()).toContainText("Amendment");
  await expect(receipts.last()).toContainText("accepted risk");
  // The amendment is stored: it is still there on a fresh load (the form may return if a rescore changed the score).
  await page.reload();
  await expect(receipts.filter({ hasText: "accepted risk" })).toHaveCount(1);
});

test("an engineer is told why they cannot attest a low-risk change", async ({ page }) => {
  test.setTimeout(420_000);
  await waitForLedgerData(page, "?band=low");
  const href = await page.getByTestId("ledger-table").locator("tbody tr").first().getByRole("link").first().getAttribute("href");
  const id = /\/ledger\/(\d+)$/.exec(href ?? "")?.[1];
  expect(id).toBeTruthy();
  await page.goto(`/receipts/attest?change=${id}`);
  await expect(page.getByTestId("attest-state")).toContainText(/Only high and critical changes|You wrote this change/);
  await expect(page.getByTestId("attest-form")).toHaveCount(0);
});
