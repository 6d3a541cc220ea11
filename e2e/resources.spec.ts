import { generateKeyPairSync } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./support/auth";

/** A name no other test (or earlier run against the same emulator) uses. */
function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function publicKeyPem(namedCurve: "secp384r1" | "prime256v1"): string {
  const { publicKey } = generateKeyPairSync("ec", { namedCurve });
  return publicKey.export({ type: "spki", format: "pem" }).toString();
}

const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const row = (scope: Page | Locator, text: string) => scope.getByRole("row").filter({ hasText: text });

async function openConfigurations(page: Page) {
  await page.goto("/configurations");
  await expect(page.getByRole("heading", { level: 1, name: "Configurations" })).toBeVisible();
}

async function createStage(page: Page, name: string, storageConfiguration?: string) {
  await page.goto("/stages");
  await page.getByRole("button", { name: "Create stage" }).click();
  const dialog = page.getByRole("dialog", { name: "Create stage" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  if (storageConfiguration)
    await dialog.getByLabel("Storage configuration").selectOption({ label: storageConfiguration });
  await dialog.getByRole("button", { name: "Create stage" }).click();
  await expect(dialog).toBeHidden();
  // The new stage opens.
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function createStorage(page: Page, name: string, bucket: string) {
  const storage = section(page, "Storage configurations");
  await storage.getByRole("button", { name: "Create storage configuration" }).click();
  const dialog = page.getByRole("dialog", { name: "Create storage configuration" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("S3 bucket name").fill(bucket);
  await dialog.getByRole("button", { name: "Create storage configuration" }).click();
  await expect(dialog).toBeHidden();
  await expect(row(storage, name)).toContainText(bucket);
}

async function confirmDelete(page: Page, title: RegExp, confirm: string) {
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: confirm }).click();
  await expect(dialog).toBeHidden();
}

test.describe("encoder configurations", () => {
  test("create from a preset, see its video settings, delete it", async ({ page }) => {
    const name = unique("enc-preset");
    await openConfigurations(page);
    const encoders = section(page, "Encoder configurations");
    await encoders.getByRole("button", { name: "Create encoder configuration" }).click();
    const dialog = page.getByRole("dialog", { name: "Create encoder configuration" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("radio", { name: "1080p30" }).check();
    await expect(dialog.getByLabel("Width (px)")).toHaveValue("1920");
    await expect(dialog.getByLabel("Height (px)")).toHaveValue("1080");
    await expect(dialog.getByText(/participants publish at most 720p/)).toBeVisible();
    await dialog.getByRole("button", { name: "Create encoder configuration" }).click();
    await expect(dialog).toBeHidden();

    const created = row(encoders, name);
    await expect(created).toContainText("1920×1080");
    await expect(created).toContainText("30 fps");
    await expect(created).toContainText("3.5 Mbps");

    await created.getByRole("button", { name: `Delete ${name}` }).click();
    const confirm = page.getByRole("dialog", { name: `Delete encoder configuration ${name}?` });
    await expect(confirm).toContainText(name);
    await confirm.getByRole("button", { name: "Delete encoder configuration" }).click();
    await expect(confirm).toBeHidden();
    await expect(row(encoders, name)).toHaveCount(0);
  });

  test("create a custom one, then delete it", async ({ page }) => {
    const name = unique("enc-custom");
    await openConfigurations(page);
    const encoders = section(page, "Encoder configurations");
    await encoders.getByRole("button", { name: "Create encoder configuration" }).click();
    const dialog = page.getByRole("dialog", { name: "Create encoder configuration" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("radio", { name: "Custom" }).check();
    await dialog.getByLabel("Width (px)").fill("1000");
    await dialog.getByLabel("Height (px)").fill("562");
    await dialog.getByLabel("Frame rate (fps)").fill("24");
    await dialog.getByLabel("Bitrate (bps)").fill("1200000");
    await expect(dialog.getByRole("radio", { name: "Custom" })).toBeChecked();
    await dialog.getByRole("button", { name: "Create encoder configuration" }).click();
    await expect(dialog).toBeHidden();

    const created = row(encoders, name);
    await expect(created).toContainText("1000×562");
    await expect(created).toContainText("24 fps");
    await expect(created).toContainText("1.2 Mbps");
    await created.getByRole("button", { name: `Delete ${name}` }).click();
    await confirmDelete(page, new RegExp(`Delete encoder configuration ${name}`), "Delete encoder configuration");
    await expect(row(encoders, name)).toHaveCount(0);
  });

  test("invalid custom values show field messages and create nothing", async ({ page }) => {
    const name = unique("enc-invalid");
    await openConfigurations(page);
    const encoders = section(page, "Encoder configurations");
    await encoders.getByRole("button", { name: "Create encoder configuration" }).click();
    const dialog = page.getByRole("dialog", { name: "Create encoder configuration" });
    const submit = dialog.getByRole("button", { name: "Create encoder configuration" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);

    const width = dialog.getByLabel("Width (px)");
    await width.fill("1279");
    await expect(width).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByText("Enter an even number.")).toBeVisible();
    await expect(submit).toBeDisabled();

    await width.fill("1920");
    await dialog.getByLabel("Height (px)").fill("1920");
    await expect(dialog.getByText(/Width × height must be at most 2,073,600 pixels/)).toBeVisible();
    await expect(submit).toBeDisabled();

    await dialog.getByLabel("Height (px)").fill("1080");
    await dialog.getByLabel("Frame rate (fps)").fill("0");
    await expect(dialog.getByText("Must be 1 or more.")).toBeVisible();
    await dialog.getByLabel("Frame rate (fps)").fill("30");
    await dialog.getByLabel("Bitrate (bps)").fill("9000000");
    await expect(dialog.getByText("Must be 8,500,000 or less.")).toBeVisible();
    await expect(submit).toBeDisabled();

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(section(page, "Encoder configurations")).toBeVisible();
    await expect(row(section(page, "Encoder configurations"), name)).toHaveCount(0);
  });
});

test.describe("storage configurations", () => {
  test("bucket rules are checked live; create and delete", async ({ page }) => {
    const name = unique("store");
    const bucket = `${name}-bucket`;
    await openConfigurations(page);
    const storage = section(page, "Storage configurations");
    await storage.getByRole("button", { name: "Create storage configuration" }).click();
    const dialog = page.getByRole("dialog", { name: "Create storage configuration" });
    const bucketInput = dialog.getByLabel("S3 bucket name");
    await bucketInput.fill("Bad_Bucket");
    await expect(dialog.getByText("Use lowercase letters, digits, - and . only.")).toBeVisible();
    await bucketInput.fill("two..dots");
    await expect(dialog.getByText("Must not contain two dots in a row.")).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Create storage configuration" })).toBeDisabled();
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await createStorage(page, name, bucket);
    // Details read GetStorageConfiguration: the bucket, the ARN and the tags editor.
    await row(storage, name)
      .getByRole("button", { name: `Details of ${name}` })
      .click();
    const details = page.getByRole("dialog", { name: `Storage configuration ${name}` });
    await expect(details).toContainText(bucket);
    await expect(details.getByRole("heading", { name: `Tags of ${name}` })).toBeVisible();
    await details.getByRole("button", { name: "Close" }).click();
    await expect(details).toBeHidden();
    await row(storage, name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    await confirmDelete(page, new RegExp(`Delete storage configuration ${name}`), "Delete storage configuration");
    await expect(row(storage, name)).toHaveCount(0);
  });

  test("deleting a storage configuration a stage records to shows the 409", async ({ page }) => {
    const name = unique("store-used");
    await openConfigurations(page);
    await createStorage(page, name, `${name}-bucket`);
    await createStage(page, unique("rec-stage"), name);

    await openConfigurations(page);
    const storage = section(page, "Storage configurations");
    await row(storage, name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const dialog = page.getByRole("dialog", { name: `Delete storage configuration ${name}?` });
    await dialog.getByRole("button", { name: "Delete storage configuration" }).click();
    const alert = dialog.getByRole("alert");
    await expect(alert).toContainText("ConflictException");
    await expect(alert).toContainText("is used for participant recording");
    await expect(dialog.getByRole("button", { name: "Retry" })).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(row(storage, name)).toHaveCount(1);
  });
});

test.describe("ingest configurations", () => {
  test("RTMPS: masked key, reveal and copy, attach and detach a stage, delete", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const stageName = unique("ingest-stage");
    const name = unique("ingest");
    await createStage(page, stageName);
    await openConfigurations(page);
    const ingest = section(page, "Ingest configurations");
    await ingest.getByRole("button", { name: "Create ingest configuration" }).click();
    const create = page.getByRole("dialog", { name: "Create ingest configuration" });
    await create.getByLabel("Name", { exact: true }).fill(name);
    await expect(create.getByRole("radio", { name: "RTMPS", exact: true })).toBeChecked();
    await create.getByLabel("User id").fill("studio-cam-1");
    await create.getByLabel("Attributes").fill("featured=true");
    await create.getByRole("button", { name: "Create ingest configuration" }).click();
    await expect(create).toBeHidden();

    const created = row(ingest, name);
    await expect(created).toContainText("RTMPS");
    await expect(created).toContainText("detached");
    await expect(created).toContainText("INACTIVE");
    await expect(created).toContainText("studio-cam-1");

    await created.getByRole("button", { name: `Details of ${name}` }).click();
    const details = page.getByRole("dialog", { name: `Ingest configuration ${name}` });
    const key = details.getByTestId("stream-key");
    await expect(key).toHaveText(/^rt_\d+_[a-z0-9-]+_[A-Za-z0-9-]+_••••••••$/);
    await expect(details.getByRole("button", { name: "Copy stream key" })).toHaveCount(0);
    // The masked page must not contain the secret anywhere.
    expect(await page.content()).not.toMatch(/rt_\d+_[a-z0-9-]+_[A-Za-z0-9-]+_[A-Za-z0-9]{8,}/);

    await details.getByRole("button", { name: "Reveal stream key" }).click();
    await expect(key).toHaveText(/^rt_\d+_[a-z0-9-]+_[A-Za-z0-9-]+_[A-Za-z0-9]+$/);
    const revealed = (await key.textContent()) ?? "";
    expect(revealed).not.toContain("•");
    await details.getByRole("button", { name: "Copy stream key" }).click();
    await expect(details.getByRole("button", { name: "Copy stream key" })).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(revealed);
    await details.getByRole("button", { name: "Hide stream key" }).click();
    await expect(key).toHaveText(/••••••••$/);

    await details.getByLabel("Attach to stage").selectOption({ label: stageName });
    await details.getByRole("button", { name: "Attach", exact: true }).click();
    await expect(details.getByRole("region", { name: "Stage attachment" })).toContainText(`Attached to ${stageName}`);
    await expect(details.getByText(/rtmps:\/\//)).toBeVisible();
    await details.getByRole("button", { name: "Close" }).click();
    await expect(row(ingest, name).getByRole("link", { name: stageName })).toBeVisible();

    await row(ingest, name)
      .getByRole("button", { name: `Details of ${name}` })
      .click();
    await details.getByRole("button", { name: "Detach from stage" }).click();
    await expect(details.getByRole("region", { name: "Stage attachment" })).toContainText("Not attached");
    await details.getByRole("button", { name: "Close" }).click();
    await expect(row(ingest, name)).toContainText("detached");

    await row(ingest, name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    await confirmDelete(page, new RegExp(`Delete ingest configuration ${name}`), "Delete ingest configuration");
    await expect(row(ingest, name)).toHaveCount(0);
  });

  test("RTMP without insecure ingest is refused with a field message", async ({ page }) => {
    const name = unique("ingest-rtmp");
    await openConfigurations(page);
    const ingest = section(page, "Ingest configurations");
    await ingest.getByRole("button", { name: "Create ingest configuration" }).click();
    const dialog = page.getByRole("dialog", { name: "Create ingest configuration" });
    const submit = dialog.getByRole("button", { name: "Create ingest configuration" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("radio", { name: "RTMP", exact: true }).check();
    const insecure = dialog.getByRole("checkbox", { name: /Allow insecure ingest/ });
    await expect(dialog.getByRole("alert")).toContainText("RTMP requires insecure ingest");
    await expect(insecure).toHaveAttribute("aria-invalid", "true");
    await expect(submit).toBeDisabled();

    await insecure.check();
    await expect(dialog.getByText("RTMP requires insecure ingest")).toHaveCount(0);
    await submit.click();
    await expect(dialog).toBeHidden();
    await expect(row(ingest, name)).toContainText("RTMP");
  });

  test("while an encoder publishes: changes are refused with a 409, a forced delete disconnects it", async ({
    page,
    request,
  }) => {
    const stageName = unique("live-stage");
    const name = unique("ingest-live");
    await createStage(page, stageName);
    await openConfigurations(page);
    const ingest = section(page, "Ingest configurations");
    await ingest.getByRole("button", { name: "Create ingest configuration" }).click();
    const create = page.getByRole("dialog", { name: "Create ingest configuration" });
    await create.getByLabel("Name", { exact: true }).fill(name);
    await create.getByLabel("Stage to attach").selectOption({ label: stageName });
    await create.getByRole("button", { name: "Create ingest configuration" }).click();
    await expect(create).toBeHidden();
    await expect(row(ingest, name).getByRole("link", { name: stageName })).toBeVisible();

    await row(ingest, name)
      .getByRole("button", { name: `Details of ${name}` })
      .click();
    const details = page.getByRole("dialog", { name: `Ingest configuration ${name}` });
    await details.getByRole("button", { name: "Reveal stream key" }).click();
    await expect(details.getByTestId("stream-key")).not.toContainText("•");
    const streamKey = (await details.getByTestId("stream-key").textContent()) ?? "";

    // An RTMPS encoder goes live with that key (the emulator's control API plays the encoder).
    const emulator = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;
    const published = await request.post(`${emulator}/_emulator/ingest/publish`, {
      headers: { authorization: "Bearer test:test" },
      data: { streamKey, protocol: "RTMPS" },
    });
    test.skip(published.status() === 404, "this emulator build has no ingest simulation");
    expect(published.ok(), await published.text()).toBe(true);

    await expect(details.getByText("ACTIVE", { exact: true })).toBeVisible({ timeout: 10_000 });
    await expect(details.getByText(/IVS refuses changes until the stream stops/)).toBeVisible();
    await details.getByRole("button", { name: "Detach from stage" }).click();
    const refusal = details.getByRole("alert").filter({ hasText: "IVS refused the change" });
    await expect(refusal).toContainText("ConflictException");
    await expect(refusal).toContainText("ACTIVE");
    await details.getByRole("button", { name: "Close" }).click();
    await expect(row(ingest, name)).toContainText("ACTIVE");

    await row(ingest, name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const confirm = page.getByRole("dialog", { name: `Force delete ingest configuration ${name}?` });
    await expect(confirm).toContainText("disconnects the live publisher");
    await confirm.getByRole("button", { name: "Disconnect publisher and delete" }).click();
    await expect(confirm).toBeHidden();
    await expect(row(ingest, name)).toHaveCount(0);
  });
});

test.describe("public keys", () => {
  test("import a P-384 key, see its fingerprint, delete it", async ({ page }) => {
    const name = unique("key");
    await page.goto("/public-keys");
    await page.getByRole("button", { name: "Import public key" }).click();
    const dialog = page.getByRole("dialog", { name: "Import public key" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByLabel("Public key (PEM)").fill(publicKeyPem("secp384r1"));
    await dialog.getByRole("button", { name: "Import public key" }).click();
    const fingerprint = dialog.getByTestId("imported-fingerprint");
    await expect(fingerprint).toHaveText(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const value = (await fingerprint.textContent()) ?? "";
    await dialog.getByRole("button", { name: "Done" }).click();

    const keys = section(page, "Keys");
    await expect(row(keys, name)).toContainText(value);
    await row(keys, name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const confirm = page.getByRole("dialog", { name: `Delete public key ${name}?` });
    await expect(confirm).toContainText(`Every participant token signed with ${name} stops working`);
    await confirm.getByRole("button", { name: "Delete public key" }).click();
    await expect(confirm).toBeHidden();
    await expect(row(keys, name)).toHaveCount(0);
  });

  test("an invalid PEM is refused: live for the shape, by IVS for the wrong curve", async ({ page }) => {
    await page.goto("/public-keys");
    await page.getByRole("button", { name: "Import public key" }).click();
    const dialog = page.getByRole("dialog", { name: "Import public key" });
    const pem = dialog.getByLabel("Public key (PEM)");
    const submit = dialog.getByRole("button", { name: "Import public key" });
    await pem.fill("not a key");
    await expect(dialog.getByText(/Paste a PEM public key/)).toBeVisible();
    await expect(submit).toBeDisabled();

    await pem.fill(publicKeyPem("prime256v1"));
    await expect(submit).toBeEnabled();
    await submit.click();
    const alert = dialog.getByRole("alert");
    await expect(alert).toContainText("ValidationException");
    await expect(alert).toContainText("P-384");
  });
});

test("tags editor: add, save, remove, save round trip", async ({ page }) => {
  const name = unique("tagged");
  await openConfigurations(page);
  await createStorage(page, name, `${name}-bucket`);
  const storage = section(page, "Storage configurations");
  await row(storage, name)
    .getByRole("button", { name: `Details of ${name}` })
    .click();
  const dialog = page.getByRole("dialog", { name: `Storage configuration ${name}` });
  const editor = dialog.getByRole("form", { name: `Tags of ${name}` });
  await expect(editor.getByText(/No tags yet/)).toBeVisible();

  await editor.getByRole("button", { name: "Add tag" }).click();
  await expect(editor.getByLabel("Tag key 1")).toBeFocused();
  await editor.getByLabel("Tag key 1").fill("aws:reserved");
  await expect(editor.getByText("Keys starting with aws: are reserved by AWS.")).toBeVisible();
  await expect(editor.getByRole("button", { name: "Save tags" })).toBeDisabled();
  await editor.getByLabel("Tag key 1").fill("team");
  await editor.getByLabel("Tag value 1").fill("news");
  await editor.getByRole("button", { name: "Add tag" }).click();
  await editor.getByLabel("Tag key 2").fill("env");
  await editor.getByLabel("Tag value 2").fill("prod");
  await editor.getByRole("button", { name: "Save tags" }).click();
  await expect(editor.getByRole("button", { name: "Save tags" })).toBeDisabled();
  await expect(editor.getByRole("button", { name: "Discard changes" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Close" }).click();
  // (The page behind a modal dialog is hidden from the accessibility tree: check the table once it is closed.)
  await expect(row(storage, name)).toContainText("team=news");
  await expect(row(storage, name)).toContainText("env=prod");

  await row(storage, name)
    .getByRole("button", { name: `Details of ${name}` })
    .click();
  await editor.getByRole("button", { name: "Remove tag team" }).click();
  await expect(editor.getByLabel("Tag key 1")).toBeFocused();
  await expect(editor.getByText("0 to set · 1 to remove")).toBeVisible();
  await editor.getByRole("button", { name: "Save tags" }).click();
  await expect(editor.getByRole("button", { name: "Save tags" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(row(storage, name)).not.toContainText("team=news");
  await expect(row(storage, name)).toContainText("env=prod");

  // What the editor shows after reopening comes from ListTagsForResource.
  await row(storage, name)
    .getByRole("button", { name: `Details of ${name}` })
    .click();
  await expect(editor.getByLabel("Tag key 1")).toHaveValue("env");
  await expect(editor.getByLabel("Tag value 1")).toHaveValue("prod");
  await expect(editor.getByLabel("Tag key 2")).toHaveCount(0);
});

test.describe("accessibility", () => {
  for (const path of ["/configurations", "/public-keys"]) {
    test(`${path} has no serious or critical axe violations`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual(
        [],
      );
    });
  }

  test("the create dialogs have no serious or critical axe violations", async ({ page }) => {
    await openConfigurations(page);
    for (const kind of ["encoder", "storage", "ingest"]) {
      await page.getByRole("button", { name: `Create ${kind} configuration` }).click();
      const dialog = page.getByRole("dialog", { name: `Create ${kind} configuration` });
      await expect(dialog).toBeVisible();
      const results = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${kind}: ${v.id}: ${v.help}`)).toEqual([]);
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
    }
  });
});
