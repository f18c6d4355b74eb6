import { expect, test } from "@playwright/test";
import { DEMO_TOKEN } from "../lib/demo";
import { storageStateOf } from "./roles";

test.use({ storageState: storageStateOf("admin") });

test("an admin connects a token, picks a repository, watches the sync finish and sees the ledger fill", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/settings");
  const apiUrl = (await page.getByTestId("github-connection").locator("code").first().textContent())!.trim();

  // A wrong token is refused with a clear message, and the token is not echoed back.
  await page.getByLabel("Token", { exact: true }).fill("ghp_definitelyNotAValidToken000000000000");
  await page.getByLabel("API URL", { exact: true }).fill(apiUrl);
  await page.getByRole("button", { name: "Check and connect" }).click();
  await expect(page.getByTestId("connect-error")).toContainText("rejected this token");
  await expect(page.locator("body")).not.toContainText("ghp_definitelyNotAValidToken");

  await page.getByLabel("Token", { exact: true }).fill(DEMO_TOKEN);
  await page.getByRole("button", { name: "Check and connect" }).click();
  await expect(page.getByTestId("connect-ok")).toContainText("Connected as demo-admin");
  await expect(page.locator("body")).not.toContainText(DEMO_TOKEN);

  const repos = page.getByRole("group", { name: "Repositories" });
  await expect(repos.getByRole("checkbox").first()).toBeVisible();
  await page.getByRole("button", { name: "Save and sync now" }).click();
  const current = page.getByTestId("sync-current");
  await expect(current).toHaveAttribute("data-status", "succeeded", { timeout: 200_000 });
  await expect(page.getByRole("progressbar", { name: "Repositories synced" })).toHaveAttribute("value", "100");

  await page.goto("/ledger?window=90");
  await expect(page.getByRole("table").getByRole("row").nth(1)).toBeVisible();
});
