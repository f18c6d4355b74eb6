import { expect, type Page } from "@playwright/test";

/**
 * The demo organisation is synced through the real pipeline after the server starts; the views wait for its
 * changes by polling the ledger (never a fixed sleep).
 */
export async function waitForLedgerData(page: Page, query = "", timeoutMs = 300_000) {
  await expect(async () => {
    await page.goto(`/ledger${query}`);
    await expect(page.getByTestId("ledger-table").locator("tbody tr").first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: timeoutMs, intervals: [2_000, 5_000] });
}

/** The id of a merged change, read from the ledger's first row link. */
export async function firstChangeHref(page: Page): Promise<string> {
  await waitForLedgerData(page);
  const href = await page.getByTestId("ledger-table").locator("tbody tr").first().getByRole("link").first().getAttribute("href");
  expect(href).toMatch(/^\/ledger\/\d+$/);
  return href!;
}
