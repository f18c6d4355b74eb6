import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";

test.describe("admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("the calibration report says how failures were labelled and how much the figures can say", async ({ page }) => {
    await page.goto("/settings");
    await page.getByRole("link", { name: "Open the calibration report" }).click();
    await expect(page).toHaveURL(/\/settings\/calibration$/);
    await expect(page.getByRole("heading", { name: "Which changes failed" })).toBeVisible();
    await expect(page.getByText("weaker than the line-level rule")).toBeVisible();
    await expect(page.getByTestId("labels-failed")).toHaveText(/^\d+$/);
    // Either figures with their failure counts, or an honest empty state: never a bare number.
    const figures = page.getByRole("heading", { name: /Figures on the newest/ });
    const empty = page.getByRole("heading", { name: "Not enough history to calibrate" });
    await expect(figures.or(empty)).toBeVisible();
    if (await figures.isVisible()) {
      await expect(page.getByTestId("calibration-all")).toContainText(/Too few to judge|\d\.\d{3}/);
      await expect(page.getByRole("heading", { name: "Weights before and after" })).toBeVisible();
    }
  });

  test("the merge gate is off by default and can be turned on and off again", async ({ page }) => {
    await page.goto("/settings");
    await expect(page.getByText("the first thing Risk Ledger writes to GitHub")).toBeVisible();
    const toggle = page.locator('[data-testid^="gate-"]').first();
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    await expect(toggle).toBeChecked();
    await expect(page.getByText("On: posting statuses").first()).toBeVisible();
    // The action has answered once the control is enabled again; then the setting is stored.
    await expect(toggle).toBeEnabled();
    await page.reload();
    await expect(page.locator('[data-testid^="gate-"]').first()).toBeChecked();
    await page.locator('[data-testid^="gate-"]').first().uncheck();
    await expect(page.locator('[data-testid^="gate-"]').first()).not.toBeChecked();
    await expect(page.locator('[data-testid^="gate-"]').first()).toBeEnabled();
    await page.reload();
    await expect(page.locator('[data-testid^="gate-"]').first()).not.toBeChecked();
  });
});

test.describe("engineer", () => {
  test.use({ storageState: storageStateOf("engineer") });

  test("cannot open the calibration report", async ({ page }) => {
    const response = await page.goto("/settings/calibration");
    expect(response?.status()).toBe(403);
  });
});
