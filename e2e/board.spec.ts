import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";

test.use({ storageState: storageStateOf("executive") });

test("an executive sees the PRI trendline beside velocity, the quarter's KPIs, and exports the board report", async ({ page }) => {
  test.setTimeout(420_000);
  await expect(async () => {
    await page.goto("/board");
    await expect(page.getByTestId("kpis")).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 300_000, intervals: [2_000, 5_000] });

  await expect(page.getByTestId("kpi-pri")).toHaveText(/^\d+(\.\d)?$|^—$/);
  await expect(page.getByRole("heading", { name: "Change failure rate" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "High-risk merges attested" })).toBeVisible();
  await expect(page.getByTestId("trend-reading")).toHaveText(/PRI (fell|rose|held)/);
  const chart = page.getByTestId("pri-trend");
  await expect(chart.locator(".recharts-line-curve")).toBeVisible();
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(chart.getByText("PRI (0–100)")).toBeVisible();
  await expect(chart.getByText("Merged per week").first()).toBeVisible();

  // Slice by repository: the description says which.
  const repo = page.getByLabel("Repository");
  const option = await repo.locator("option").nth(1).getAttribute("value");
  await repo.selectOption(option!);
  await page.getByRole("button", { name: "Show slice" }).click();
  await expect(page).toHaveURL(/repo=/);
  await expect(page.locator(".page-header")).toContainText("Repository");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("board-export").click()]);
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.byteLength).toBeGreaterThan(2_000);
  expect(download.suggestedFilename()).toMatch(/^board-report-\d{4}-\d{2}-\d{2}\.pdf$/);
});

test("an executive may read the ledger but is refused the policy editor", async ({ page }) => {
  const res = await page.goto("/settings/policy");
  expect(res?.status()).toBe(403);
  const ledger = await page.goto("/ledger");
  expect(ledger?.status()).toBe(200);
});
