import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { storageStateOf } from "./roles";
import { expectSignedInAt, signIn } from "./sign-in";

test.use({ storageState: storageStateOf("admin") });

test("an admin invites a counsel, who joins through the link and lands on receipts", async ({ page, browser }) => {
  const email = `new-${randomBytes(4).toString("hex")}@example.test`;
  await page.goto("/settings/members");
  const invite = page.getByRole("form", { name: "Invite a member" });
  await invite.getByLabel("Email").fill("not-an-email");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();

  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Engineer").uncheck();
  await invite.getByLabel("Counsel").check();
  await invite.getByRole("button", { name: "Invite" }).click();
  const link = (await page.getByTestId("invite-link").locator(".mono").textContent())!.trim();
  expect(link).toMatch(/\/invite\//);

  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const g = await guest.newPage();
  await g.goto(link);
  await g.getByLabel("Your name").fill("New Counsel");
  await g.getByLabel("Choose a password").fill("a-long-password-1");
  await g.getByRole("button", { name: "Join" }).click();
  await expect(g.getByText("is ready")).toBeVisible();
  await signIn(g, email, "a-long-password-1");
  await expectSignedInAt(g, "/receipts");
  await guest.close();

  await page.reload();
  const members = page.getByRole("region", { name: /^Members/ });
  await expect(members.getByRole("row", { name: /New Counsel/ })).toContainText(email);
});

test("the last admin cannot remove themselves", async ({ page }) => {
  await page.goto("/settings/members");
  const row = page.getByRole("row", { name: /\(you\)/ });
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row.getByText("at least one admin")).toBeVisible();
});
