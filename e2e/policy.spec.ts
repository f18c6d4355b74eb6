import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";

test.describe("admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("a bad edit shows the line error and keeps the version in force; a good edit makes a new version", async ({ page }) => {
    await page.goto("/settings/policy");
    const editor = page.getByLabel("Policy (YAML)");
    const original = await editor.inputValue();
    const inForce = await page.getByTestId("policy-active").innerText();
    const versions = await page.getByTestId("policy-versions").locator("tbody tr").count().catch(() => 0);

    await editor.fill("version: 1\nservices:\n  - name: payments\n    tier: nine\n    paths: [\"services/payments/**\"]\n");
    await page.getByRole("button", { name: "Save as new version" }).click();
    const errors = page.getByTestId("policy-errors");
    await expect(errors).toContainText("the version in force is unchanged");
    await expect(errors).toContainText("line 4");
    await expect(errors).toContainText("services[0].tier");
    await expect(page.locator(".gutter .bad-line")).toHaveText("4");
    await page.reload();
    await expect(page.getByTestId("policy-active")).toHaveText(inForce);

    // A good edit: the same policy with a note line, so scores do not move while other suites read them.
    const marker = `# e2e edit ${randomBytes(3).toString("hex")}`;
    await page.getByLabel("Policy (YAML)").fill(`${original.trimEnd()}\n${marker}\n`);
    await page.getByLabel("What changed (optional)").fill("e2e: comment only");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await expect(page.getByTestId("policy-saved")).toContainText("Saved and activated as version");
    await expect(page.getByTestId("policy-saved")).toContainText("rescored");
    const table = page.getByTestId("policy-versions");
    // The refresh shares the server with the rescore the save queued: allow it time.
    await expect(table.locator("tbody tr")).toHaveCount(versions + 1, { timeout: 60_000 });
    await expect(table.locator("tbody tr").first()).toContainText("in force");
    await expect(table.locator("tbody tr").first()).toContainText("e2e: comment only");
    await expect(page.getByTestId("policy-active")).not.toHaveText(inForce);

    await table.locator("tbody tr").first().getByRole("link", { name: "Diff with previous" }).click();
    await expect(page.getByTestId("policy-diff")).toContainText(marker);
  });
});

test.describe("engineer", () => {
  test.use({ storageState: storageStateOf("engineer") });
  test("is refused the policy editor and the board", async ({ page }) => {
    expect((await page.goto("/settings/policy"))?.status()).toBe(403);
    expect((await page.goto("/board"))?.status()).toBe(403);
  });
});

test.describe("counsel", () => {
  test.use({ storageState: storageStateOf("counsel") });
  test("is refused the ledger, a change, the review queue and the board", async ({ page }) => {
    for (const path of ["/ledger", "/ledger/1", "/review", "/board", "/settings/policy"]) {
      expect((await page.goto(path))?.status(), path).toBe(403);
    }
  });
});
