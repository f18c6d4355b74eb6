import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";
import { waitForLedgerData } from "./demo-data";

test.use({ storageState: storageStateOf("engineer") });

test("an engineer browses, filters, pages and exports the ledger, then opens a change", async ({ page }) => {
  test.setTimeout(420_000);
  await waitForLedgerData(page);
  const table = page.getByTestId("ledger-table");
  const rows = table.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(10);
  await expect(page.getByTestId("ledger-count")).toContainText("merged change");

  // Filter by band: the URL holds the view, and every row carries the band as text as well as colour.
  await page.getByLabel("Band").selectOption("high");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/band=high/);
  await expect(rows.first()).toBeVisible();
  const bands = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-band")));
  expect(new Set(bands)).toEqual(new Set(["high"]));
  await expect(rows.first().locator(".badge[data-band=high]")).toContainText("High");

  // The same view reloads from the URL alone.
  const filtered = page.url();
  await page.goto(filtered);
  await expect(page.getByLabel("Band")).toHaveValue("high");

  // AI origin instead of band: every remaining row carries the AI badge.
  await page.getByLabel("Band").selectOption("");
  await page.getByLabel("AI origin").selectOption("yes");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/ai=yes/);
  await expect(page).not.toHaveURL(/band=[a-z]/);
  await expect(rows.first()).toBeVisible();
  expect(await rows.locator(".ai-badge").count()).toBe(await rows.count());

  // Clear, then page forward and back by keyset cursor.
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).not.toHaveURL(/ai=/);
  const firstTitle = await rows.first().locator("td").nth(2).innerText();
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(rows.first().locator("td").nth(2)).not.toHaveText(firstTitle);
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(rows.first().locator("td").nth(2)).toHaveText(firstTitle);

  // Sort by risk: the first row is the riskiest of the window.
  await page.getByRole("link", { name: /^Risk/ }).click();
  await expect(page).toHaveURL(/sort=risk_desc/);
  await expect(page.getByRole("columnheader", { name: /Risk/ })).toHaveAttribute("aria-sort", "descending");

  // Search by number finds that pull request.
  const number = (await rows.first().locator("td").nth(2).innerText()).match(/#(\d+)/)![1]!;
  await page.getByLabel("Search").fill(`#${number}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`q=%23${number}`));
  await expect(rows.first()).toContainText(`#${number}`);

  // CSV export of exactly the current filter.
  await page.getByLabel("Search").fill("");
  await page.getByLabel("Band").selectOption("high");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/band=high/);
  const count = Number((await page.getByTestId("ledger-count").innerText()).replace(/[^\d]/g, ""));
  expect(count).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Export CSV/ }).click()]);
  const csv = readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n");
  expect(csv[0]).toMatch(/^merged_at,created_at,repository,number,title,author/);
  expect(csv.length - 1).toBe(count);
  expect(csv.slice(1).every((l) => l.includes(",high,"))).toBe(true);

  // Open a change.
  await rows.first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/ledger\/\d+$/);
  await expect(page.getByTestId("change-score")).toContainText("High");
  await expect(page.getByRole("heading", { name: "The seven signals" })).toBeVisible();
  await expect(page.getByTestId("signals-table").locator("tbody tr")).toHaveCount(7);
  await expect(page.locator("figure.chart .recharts-surface").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Reasons" })).toBeVisible();
  await expect(page.getByTestId("reasons").locator("> li").first()).toBeVisible();
  await expect(page.getByTestId("checks-table")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Files by service" })).toBeVisible();
  await expect(page.getByTestId("timeline")).toContainText("Merged");
  await expect(page.getByRole("heading", { name: "AI provenance" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Receipts and attestations" })).toBeVisible();
});

test("the open pull requests tab lists open changes riskiest first", async ({ page }) => {
  test.setTimeout(420_000);
  await waitForLedgerData(page, "?tab=open");
  await expect(page.getByRole("link", { name: "Open PRs" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("columnheader", { name: /Opened/ })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /Risk/ })).toHaveAttribute("aria-sort", "descending");
});

test("an unknown change id answers 404 with the not-found page, not 200", async ({ page }) => {
  // Another organisation's change answers the same (e2e/tenant-not-found.spec.ts).
  for (const path of ["/ledger/999999999", "/ledger/not-a-number"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "No such change in this organisation" })).toBeVisible();
  }
});
