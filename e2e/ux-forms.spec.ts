import { ListStagesCommand } from "@aws-sdk/client-ivs-realtime";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./support/auth";
import { createStage, ivs, stagePath, unique } from "./support/ux";

/**
 * Issue 17, items 1 and 2: field messages in plain language (the AWS wording one click away), and tag input
 * that AWS would refuse or that would lose data (too long, repeated keys, the reserved aws: prefix) gets a
 * visible message and creates nothing.
 */

async function openCreateStage(page: Page): Promise<Locator> {
  await page.goto("/stages?region=us-east-1");
  await page.getByRole("button", { name: "Create stage" }).click();
  const dialog = page.getByRole("dialog", { name: "Create stage" });
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  return dialog;
}

async function stageNames(): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ivs.send(new ListStagesCommand({ maxResults: 100, nextToken }));
    names.push(...(page.stages ?? []).map((s) => s.name ?? ""));
    nextToken = page.nextToken;
  } while (nextToken);
  return names;
}

test("create stage: plain messages for the name and the token count, the AWS rule on request", async ({ page }) => {
  const dialog = await openCreateStage(page);
  await dialog.getByLabel("Name").fill("my stage!");
  await expect(dialog.getByText("Use letters, digits, - and _ only (no spaces).")).toBeVisible();
  await expect(dialog.getByText(/Member must satisfy/)).toBeHidden();
  await dialog.getByText("AWS rule").first().click();
  await expect(dialog.getByText("Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$")).toBeVisible();

  await dialog.getByLabel("Name").fill("fine-name");
  await dialog.getByLabel("Initial participant tokens").fill("13");
  await expect(dialog.getByText("At most 12 tokens.")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Create stage" })).toBeDisabled();
});

test("create stage: over-long tag keys and values, repeated keys and aws: keys are named and create nothing", async ({
  page,
}) => {
  const name = unique("ux-tags");
  const dialog = await openCreateStage(page);
  await dialog.getByLabel("Name").fill(name);
  const tags = dialog.getByLabel("Tags");
  const create = dialog.getByRole("button", { name: "Create stage" });

  await tags.fill(`note=${"v".repeat(300)}`);
  await expect(dialog.getByText('A value has at most 256 characters (tag "note": 300 characters).')).toBeVisible();
  await expect(create).toBeDisabled();

  await tags.fill(`${"k".repeat(200)}=x`);
  await expect(dialog.getByText(/A key has at most 128 characters \("k+…" has 200\)/)).toBeVisible();
  await expect(create).toBeDisabled();

  await tags.fill("team=qa, team=ops");
  await expect(dialog.getByText('The key "team" is used twice.')).toBeVisible();
  await expect(create).toBeDisabled();

  await tags.fill("aws:owner=me");
  await expect(dialog.getByText("Keys starting with aws: are reserved by AWS.")).toBeVisible();
  await expect(create).toBeDisabled();

  // The field says which input it is about, for screen readers too.
  await expect(tags).toHaveAttribute("aria-invalid", "true");
  await create.press("Enter").catch(() => undefined);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await stageNames()).not.toContain(name);
});

test("every tag form has the same rules: encoder, storage, ingest, public key dialogs and the tags editor", async ({
  page,
}) => {
  await page.goto("/configurations?region=us-east-1");
  for (const [button, dialogName] of [
    ["Create encoder configuration", "Create encoder configuration"],
    ["Create storage configuration", "Create storage configuration"],
    ["Create ingest configuration", "Create ingest configuration"],
  ] as const) {
    await page.getByRole("button", { name: button }).first().click();
    const dialog = page.getByRole("dialog", { name: dialogName });
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await dialog.getByLabel("Tags").fill("team=qa, team=ops");
    await expect(dialog.getByText('The key "team" is used twice.')).toBeVisible();
    await dialog.getByLabel("Tags").fill("aws:x=1");
    await expect(dialog.getByText("Keys starting with aws: are reserved by AWS.")).toBeVisible();
    await expect(dialog.getByRole("button", { name: dialogName })).toBeDisabled();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  }

  await page.goto("/public-keys?region=us-east-1");
  await page.getByRole("button", { name: "Import public key" }).click();
  const keyDialog = page.getByRole("dialog", { name: "Import public key" });
  await keyDialog.getByLabel("Tags").fill(`k=${"v".repeat(257)}`);
  await expect(keyDialog.getByText(/A value has at most 256 characters/)).toBeVisible();
  await keyDialog.getByRole("button", { name: "Cancel" }).click();

  // Participant attributes (token minter): a repeated key is an error, not "last one wins".
  const stageArn = await createStage(unique("ux-attr"));
  await page.goto(stagePath(stageArn));
  await page.getByLabel("Attributes").fill("order=1, order=2");
  await expect(page.getByText('The key "order" is used twice.')).toBeVisible();
  await expect(page.getByRole("button", { name: "Create token" })).toBeDisabled();
});
