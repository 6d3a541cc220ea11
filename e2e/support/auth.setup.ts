import { writeFileSync } from "node:fs";
import { test as setup, expect, type Page } from "@playwright/test";
import { accountsPath, adminAccount, signIn, storageStatePath, type Account, type E2eRole } from "./auth";

/**
 * Creates the accounts every e2e spec uses: signs in as the first admin (CONSOLE_ADMIN_PASSWORD of the console
 * started by playwright.config.ts), creates `e2e-operator` and `e2e-viewer` through /admin/users — reading each
 * one-time password from the page — and saves a storage state per role.
 */
async function createOrReset(page: Page, username: string, role: E2eRole): Promise<Account> {
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: username, exact: true }) });
  if (await row.count()) {
    await page.getByRole("button", { name: `Reset the password of ${username}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Reset password" }).click();
    await page.getByLabel(`Role of ${username}`).selectOption(role);
  } else {
    await page.getByLabel("User name").fill(username);
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByRole("button", { name: "Create user" }).click();
  }
  const password = (await page.getByTestId("one-time-password").textContent())?.trim() ?? "";
  expect(password.length).toBeGreaterThanOrEqual(12);
  await page.getByRole("button", { name: "Done" }).click();
  return { username, password };
}

setup("sign in as admin, create an operator and a viewer, save each role's session", async ({ browser }) => {
  const adminContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await adminContext.newPage();
  await signIn(page, adminAccount());
  await adminContext.storageState({ path: storageStatePath("admin") });

  const created: Record<E2eRole, Account> = {
    admin: adminAccount(),
    operator: await createOrReset(page, "e2e-operator", "operator"),
    viewer: await createOrReset(page, "e2e-viewer", "viewer"),
  };
  writeFileSync(accountsPath(), JSON.stringify(created, null, 2));
  await adminContext.close();

  for (const role of ["operator", "viewer"] as const) {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const rolePage = await context.newPage();
    await signIn(rolePage, created[role]);
    await expect(rolePage.getByTestId("user-role")).toHaveText(role === "operator" ? "Operator" : "Viewer");
    await context.storageState({ path: storageStatePath(role) });
    await context.close();
  }
});
