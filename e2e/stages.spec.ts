import { expect, test } from "./support/auth";
import { createStageInUi } from "./support/stages";

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

test("create a stage, find it, rename it, mint a token, delete it", async ({ page }) => {
  const name = unique("e2e-stage");
  await page.goto("/stages?region=us-east-1");
  await page.getByRole("button", { name: "Create stage" }).click();
  const dialog = page.getByRole("dialog", { name: "Create stage" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Tags").fill("team=e2e, show=morning");
  await dialog.getByRole("button", { name: "Create stage" }).click();
  await expect(dialog).toBeHidden();
  // The new stage opens; then find it in the list.
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.goto("/stages?region=us-east-1");

  await page.getByRole("searchbox", { name: "Search stages" }).fill(name);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText("team=e2e");
  // The list sorts by any column once its table code has loaded.
  await page.getByRole("button", { name: "Sort by Name" }).click();
  await expect(page.getByRole("columnheader", { name: /Name/ }).first()).toHaveAttribute("aria-sort", "ascending");
  await row.getByRole("link", { name }).click();

  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Endpoints" })).toBeVisible();

  // Rename.
  await page.getByRole("button", { name: "Rename" }).click();
  const renamed = `${name}-b`;
  await page.getByRole("dialog", { name: "Rename stage" }).getByLabel("Name").fill(renamed);
  await page.getByRole("dialog", { name: "Rename stage" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();

  // Mint a token: shown once, with its decoded claims.
  await page.getByLabel("User id").fill("guest-e2e");
  await page.getByLabel("Attributes").fill("featured=true");
  await page.getByRole("checkbox", { name: "Publish" }).uncheck();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText(/shown once/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy participant token" })).toBeVisible();
  await page.getByText("Decoded claims").click();
  await expect(page.locator("pre")).toContainText('"allow_publish": false');
  await expect(page.locator("pre")).toContainText("guest-e2e");

  // Delete: the confirmation names the stage.
  await page.getByRole("button", { name: "Delete stage" }).click();
  const confirm = page.getByRole("dialog", { name: `Delete stage ${renamed}?` });
  await expect(confirm).toBeVisible();
  await confirm.getByLabel(`Type ${renamed} to confirm`).fill(renamed);
  await confirm.getByRole("button", { name: "Delete stage" }).click();
  await expect(page).toHaveURL(/\/stages\?/);
  await page.getByRole("searchbox", { name: "Search stages" }).fill(name);
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  await expect(page.getByText(/^0 of \d+ stages/)).toBeVisible();
});

test("invalid stage input shows field errors and creates nothing", async ({ page }) => {
  await page.goto("/stages?region=us-east-1");
  const before = await page.getByText(/of \d+ stages/).textContent();
  await page.getByRole("button", { name: "Create stage" }).click();
  const dialog = page.getByRole("dialog", { name: "Create stage" });
  await dialog.getByLabel("Name").fill("not a valid name!");
  await expect(dialog.getByText("Use letters, digits, - and _ only (no spaces).")).toBeVisible();
  await dialog.getByLabel("Initial participant tokens").fill("13");
  await expect(dialog.getByText("At most 12 tokens.")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Create stage" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText(/of \d+ stages/)).toHaveText(before ?? "");
});

test("tags on the stage page: the editor saves them and the stage shows them", async ({ page }) => {
  const name = unique("e2e-tags");
  await createStageInUi(page, name, { tags: "team=e2e" });

  const tags = page.getByRole("form", { name: `Tags of ${name}` });
  await expect(tags.getByLabel("Tag key 1")).toHaveValue("team");
  await tags.getByRole("button", { name: "Add tag" }).click();
  await tags.getByLabel("Tag key 2").fill("owner");
  await tags.getByLabel("Tag value 2").fill("ops desk");
  await tags.getByRole("button", { name: "Save tags" }).click();
  await expect(page.getByText(`Tags of ${name}: saved`)).toBeVisible();

  await page.reload();
  await expect(page.getByText(/^Tags: /)).toContainText("owner=ops desk");
  // Rows come back sorted by key.
  await expect(page.getByRole("form", { name: `Tags of ${name}` }).getByLabel("Tag key 1")).toHaveValue("owner");
  await expect(page.getByRole("form", { name: `Tags of ${name}` }).getByLabel("Tag value 1")).toHaveValue("ops desk");
  await expect(page.getByRole("link", { name: /All sessions of this stage/ })).toHaveAttribute("href", /\/sessions\?/);
});
