import { expect, type Page } from "@playwright/test";

/** Creates a stage through the console's Create stage dialog, which then opens the new stage's page. */
export async function createStageInUi(page: Page, name: string, options: { tags?: string } = {}): Promise<void> {
  await page.goto("/stages?region=us-east-1");
  await page.getByRole("button", { name: "Create stage" }).click();
  const dialog = page.getByRole("dialog", { name: "Create stage" });
  await dialog.getByLabel("Name").fill(name);
  if (options.tags) await dialog.getByLabel("Tags").fill(options.tags);
  await dialog.getByRole("button", { name: "Create stage" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}
