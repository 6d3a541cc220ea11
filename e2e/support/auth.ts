import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test as base, expect, type Page } from "@playwright/test";

/**
 * Signed-in e2e tests. The `accounts` project (auth.setup.ts) signs in as the first admin, creates an operator
 * and a viewer through the admin UI and saves each role's storage state. Specs import `test` from here and run
 * as admin by default; `test.use({ role: "viewer" })` switches a file or a describe block to another role, and
 * `role: "anonymous"` runs signed out.
 */
export type E2eRole = "admin" | "operator" | "viewer";
export interface Account {
  readonly username: string;
  readonly password: string;
}

export function authDir(): string {
  const dir = process.env.E2E_AUTH_DIR;
  if (!dir) throw new Error("E2E_AUTH_DIR is not set: run the tests through playwright.config.ts");
  return dir;
}

export const storageStatePath = (role: E2eRole) => join(authDir(), `${role}.json`);
export const accountsPath = () => join(authDir(), "accounts.json");

export function adminAccount(): Account {
  return { username: "admin", password: process.env.E2E_ADMIN_PASSWORD ?? "" };
}

/** The known accounts of this run (written by auth.setup.ts). */
export function accounts(): Record<E2eRole, Account> {
  return JSON.parse(readFileSync(accountsPath(), "utf8")) as Record<E2eRole, Account>;
}

/** Signs `page` in through the sign-in form (a new session), and waits until the console has left /sign-in. */
export async function signIn(page: Page, who: E2eRole | Account, next = "/"): Promise<void> {
  const account = typeof who === "string" ? (who === "admin" ? adminAccount() : accounts()[who]) : who;
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("User name").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

export const test = base.extend<{ role: E2eRole | "anonymous" }>({
  role: ["admin", { option: true }],
  storageState: async ({ role }, provide) => {
    await provide(role === "anonymous" ? { cookies: [], origins: [] } : storageStatePath(role));
  },
});

export { expect };
