import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function expectSignedInAt(page: Page, path: string) {
  // The first sign-ins share the server with the demo organisation's initial sync: allow it time.
  await expect(page).toHaveURL(new RegExp(`${path}$`), { timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 30_000 });
}
