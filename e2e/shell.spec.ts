import { expect, test } from "./support/auth";

test("the console shell renders with navigation, region and the endpoint in use", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Overview", "Stages", "Compositions", "Configurations", "Public keys"]) {
    await expect(nav.getByRole("link", { name })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  // Signed in as admin (the default of e2e/support/auth.ts): admin sections and the user menu.
  for (const name of ["Users", "Audit"]) await expect(nav.getByRole("link", { name })).toBeVisible();
  await expect(page.getByRole("region", { name: "Signed-in user" })).toContainText("admin");
  await expect(page.getByTestId("user-role")).toHaveText("Admin");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Region" })).toHaveValue("us-east-1");
  await expect(page.getByRole("button", { name: "Open command palette" })).toBeVisible();
  await expect(page.getByTestId("endpoint")).toContainText("Emulator");
  await expect(page.getByTestId("endpoint")).toContainText("http://127.0.0.1:");

  // Tailwind really applied: the sidebar has a non-transparent dark background.
  const background = await page.locator("aside").evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe("rgba(0, 0, 0, 0)");
});
