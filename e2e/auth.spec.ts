import { expect, test } from "@playwright/test";
import { ROLES } from "../lib/auth/roles";
import { demoUser, LANDING, PASSWORD, storageStateOf } from "./roles";
import { expectSignedInAt, signIn } from "./sign-in";

for (const role of ROLES) {
  test.describe(`${role}`, () => {
    test.use({ storageState: storageStateOf(role) });
    test(`lands on ${LANDING[role]} and sees only its navigation`, async ({ page }) => {
      await page.goto("/");
      await expectSignedInAt(page, LANDING[role]);
      const nav = page.getByRole("navigation", { name: "Main" });
      if (role === "counsel") await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
      if (role === "admin") await expect(nav.getByRole("link", { name: "Members" })).toBeVisible();
      if (role !== "admin") await expect(nav.getByRole("link", { name: "Members" })).toHaveCount(0);
    });
  });
}

test("a wrong password and an unknown email get the same message", async ({ page }) => {
  await signIn(page, demoUser("engineer").email, "not-the-password");
  const first = await page.getByTestId("sign-in-error").textContent();
  expect(first).toContain("do not match");
  await signIn(page, "nobody-here@example.test", "not-the-password");
  await expect(page.getByTestId("sign-in-error")).toHaveText(first!);
});

test("sign-out ends the session on the server, not only in the browser", async ({ page, browser }) => {
  await signIn(page, demoUser("counsel").email, PASSWORD);
  await expectSignedInAt(page, LANDING.counsel);
  const saved = await page.context().storageState();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // Replaying the cookie captured before sign-out must not work.
  const replay = await browser.newContext({ storageState: saved });
  const again = await replay.newPage();
  await again.goto("/receipts");
  await expect(again).toHaveURL(/\/sign-in/);
  await replay.close();
});
