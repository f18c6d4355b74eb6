import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";
import { waitForLedgerData } from "./demo-data";

test.use({ storageState: storageStateOf("engineer") });

test("the ledger fetches its refresher after half a minute, not at first load, and polls for rows each minute", async ({ page }) => {
  test.setTimeout(420_000);
  await waitForLedgerData(page);

  const scripts = new Set<string>();
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.endsWith(".js")) scripts.add(r.url());
  });
  const polls: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/ledger") polls.push(r.url());
  });

  await page.clock.install();
  await page.goto("/ledger?band=high");
  await expect(page.getByTestId("ledger-table").locator("tbody tr").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  const firstLoad = scripts.size;

  // Nothing more is fetched during the first half minute.
  await page.clock.runFor(25_000);
  await page.waitForLoadState("networkidle");
  expect(scripts.size).toBe(firstLoad);
  expect(polls).toEqual([]);

  // Then the refresher's code arrives, and the first poll is due a minute after the page was rendered.
  await page.clock.runFor(6_000);
  await expect.poll(() => scripts.size).toBeGreaterThan(firstLoad);
  expect(polls).toEqual([]);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/ledger");
  await page.clock.runFor(30_000);
  const response = await answered;
  expect(response.status()).toBe(200);
  // The poll asks for the page's own view, and the table stays filled.
  expect(new URL(polls[0]!).searchParams.get("band")).toBe("high");
  const body = (await response.json()) as { rows: Array<{ band: string }> };
  expect(body.rows.length).toBeGreaterThan(0);
  expect(new Set(body.rows.map((r) => r.band))).toEqual(new Set(["high"]));
  await expect(page.getByTestId("ledger-table").locator("tbody tr").first()).toBeVisible();
});
