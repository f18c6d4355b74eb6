import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { verifyReceiptFile, type SignedReceipt } from "../lib/receipts";
import { storageStateOf } from "./roles";

test.use({ storageState: storageStateOf("counsel") });

/** Receipts are issued as the demo organisation syncs after start: wait for them by polling the page. */
async function waitForReceipts(page: Page) {
  await expect(async () => {
    await page.goto("/receipts");
    await expect(page.getByTestId("receipt-results").locator("tbody tr").first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 300_000, intervals: [2_000, 5_000] });
}

test("counsel finds the receipt of a merge by its sha, checks it, and downloads the PDF and the signed JSON", async ({ page }) => {
  test.setTimeout(420_000);
  await waitForReceipts(page);

  // The merge to look for: one from the middle of the chain export, not from the list on screen.
  const exported = await page.request.get("/api/receipts/export");
  expect(exported.status()).toBe(200);
  const lines = (await exported.text()).split("\n").filter(Boolean);
  const merges = lines.map((l) => JSON.parse(l) as SignedReceipt).filter((r) => r.receipt.kind === "merge");
  const target = merges[Math.floor(merges.length / 2)]!.receipt;

  await page.getByLabel("Pull request or merge commit").fill(target.change.mergeSha);
  await page.getByRole("button", { name: "Find receipts" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${target.change.mergeSha}`));
  const rows = page.getByTestId("receipt-results").locator("tbody tr");
  await expect(rows.first()).toContainText(target.change.mergeSha.slice(0, 12));
  expect(await rows.count()).toBeGreaterThanOrEqual(1);
  await rows.filter({ hasText: "Merge" }).first().getByRole("link").first().click();

  await expect(page).toHaveURL(/\/receipts\/\d+$/);
  await expect(page.getByTestId("merge-sha")).toHaveText(target.change.mergeSha);
  await expect(page.getByTestId("receipt-verified")).toContainText("verified");
  await expect(page.getByRole("heading", { name: "Who approved, and which commit" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Policy and rules" })).toBeVisible();

  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-pdf").click()]);
  expect(pdf.suggestedFilename()).toMatch(/^demo-receipt-\d+\.pdf$/);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe("%PDF-");

  const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-json").click()]);
  expect(json.suggestedFilename()).toMatch(/^demo-receipt-\d+\.json$/);
  const bytes = readFileSync((await json.path())!);
  const key = await (await page.request.get("/api/receipts/public-key")).text();
  const check = verifyReceiptFile(bytes, key);
  expect(check.ok).toBe(true);
  if (check.ok) expect(check.signed.receipt.change.mergeSha).toBe(target.change.mergeSha);
  const forged = Buffer.from(bytes);
  forged[300] = forged[300] === 0x61 ? 0x62 : 0x61;
  expect(verifyReceiptFile(forged, key).ok).toBe(false);

  await page.goto("/receipts");
  await page.getByRole("link", { name: "Verify the whole chain" }).click();
  await expect(page.getByTestId("chain-status")).toContainText("Chain intact");
});

test("counsel cannot attest, and an executive may read receipts but not export them", async ({ page, browser }) => {
  expect((await page.request.get("/receipts/attest", { maxRedirects: 0 })).status()).toBe(403);
  const exec = await browser.newContext({ storageState: storageStateOf("executive") });
  expect((await exec.request.get("/api/receipts/export")).status()).toBe(403);
  expect((await exec.request.get("/api/receipts/public-key")).status()).toBe(200);
  await exec.close();
});

test("an unknown receipt id answers 404", async ({ page }) => {
  for (const path of ["/receipts/999999999", "/receipts/not-a-number"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});
