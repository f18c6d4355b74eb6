import { test as setup } from "@playwright/test";
import { ROLES } from "../lib/auth/roles";
import { demoUser, LANDING, PASSWORD, storageStateOf } from "./roles";
import { expectSignedInAt, signIn } from "./sign-in";

for (const role of ROLES) {
  setup(`sign in once as ${role}`, async ({ page }) => {
    await signIn(page, demoUser(role).email, PASSWORD);
    await expectSignedInAt(page, LANDING[role]);
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
