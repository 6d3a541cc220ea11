import AxeBuilder from "@axe-core/playwright";
import {
  CreateEncoderConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  IVSRealTimeClient,
  StartCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./support/auth";

/**
 * The control-room wall, compositions and the command palette, against the emulator. Data is seeded with the
 * official SDK (as any IVS client would) and, for live participants and their errors, with the emulator's
 * control API (`/_emulator/participants/…`).
 */

const emulator = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;
const control = { authorization: "Bearer test:test" };
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
const idOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

const ivs = new IVSRealTimeClient({
  endpoint: emulator,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

interface Seed {
  stageA: { arn: string; name: string };
  stageB: { arn: string; name: string };
  encoderA: { arn: string; name: string };
  encoderB: { arn: string; name: string };
  compositionA: string;
  compositionB: string;
  participantId: string;
}

async function createStage(name: string) {
  const { stage } = await ivs.send(new CreateStageCommand({ name }));
  if (!stage?.arn) throw new Error("CreateStage returned no stage");
  return { arn: stage.arn, name };
}

async function createEncoder(name: string) {
  const { encoderConfiguration } = await ivs.send(
    new CreateEncoderConfigurationCommand({
      name,
      video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
    }),
  );
  if (!encoderConfiguration?.arn) throw new Error("CreateEncoderConfiguration returned nothing");
  return { arn: encoderConfiguration.arn, name };
}

/** A participant joins and publishes (so the stage is live and its compositions do not stop for lack of media). */
async function joinAndPublish(request: APIRequestContext, stageArn: string, userId: string): Promise<string> {
  const response = await request.post(`${emulator}/_emulator/participants/join`, {
    headers: control,
    data: { stageArn, userId, publish: true },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { participantId: string; state: string; publishing: boolean };
  expect(body).toMatchObject({ state: "CONNECTED", publishing: true });
  return body.participantId;
}

let seed: Seed;

test.beforeAll(async ({ request }) => {
  const stageA = await createStage(unique("ovw-a"));
  const stageB = await createStage(unique("ovw-b"));
  const encoderA = await createEncoder(unique("enc-a"));
  const encoderB = await createEncoder(unique("enc-b"));
  const { storageConfiguration } = await ivs.send(
    new CreateStorageConfigurationCommand({ name: unique("store"), s3: { bucketName: "ovw-recordings" } }),
  );
  const storageArn = storageConfiguration?.arn ?? "";

  const participantId = await joinAndPublish(request, stageA.arn, "host-anna");
  await joinAndPublish(request, stageB.arn, "host-ben");

  const start = async (stageArn: string, encoderArn: string) => {
    const { composition } = await ivs.send(
      new StartCompositionCommand({
        stageArn,
        destinations: [
          { name: "archive", s3: { storageConfigurationArn: storageArn, encoderConfigurationArns: [encoderArn] } },
        ],
        tags: { show: "e2e" },
      }),
    );
    if (!composition?.arn) throw new Error("StartComposition returned nothing");
    return composition.arn;
  };
  seed = {
    stageA,
    stageB,
    encoderA,
    encoderB,
    compositionA: await start(stageA.arn, encoderA.arn),
    compositionB: await start(stageB.arn, encoderB.arn),
    participantId,
  };
});

/**
 * Navigates and waits until the page's client code runs: its first poll of `operation` through the read route
 * (a control clicked before hydration would do nothing).
 */
async function hydrated(page: Page, navigate: () => Promise<unknown>, operation = "ListCompositions") {
  const polled = page.waitForResponse((response) => response.url().includes(`/api/ivs/${operation}`));
  await navigate();
  await polled;
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("the overview shows the live stage with counts, its composition and an injected participant error", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  // A publish error, as IVS would record it for an encoder above 8.5 Mbps.
  const failed = await request.post(`${emulator}/_emulator/participants/${seed.participantId}/fail`, {
    headers: control,
    data: { stageArn: seed.stageA.arn, event: "PUBLISH_ERROR", errorCode: "BITRATE_EXCEEDED" },
  });
  expect(failed.status(), await failed.text()).toBe(200);

  await page.goto("/?region=us-east-1");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

  const live = page.getByRole("region", { name: "Live stages" });
  const row = live.getByRole("row").filter({ hasText: seed.stageA.name });
  await expect(row).toBeVisible();
  // Stage, session, connected, publishers, seen (from the observation store, once the collector has listed it).
  await expect(row.getByRole("cell").nth(2)).toHaveText("1", { timeout: 20_000 });
  await expect(row.getByRole("cell").nth(3)).toHaveText("1");
  await expect(row.getByRole("link", { name: /^st-/ })).toHaveAttribute("href", /\/sessions\/st-/);

  const compositions = page.getByRole("region", { name: "Running compositions" });
  await expect(compositions.getByRole("row").filter({ hasText: idOf(seed.compositionA) })).toContainText(
    /STARTING|ACTIVE/,
  );

  const errors = page.getByRole("region", { name: "Recent participant errors" });
  const errorRow = errors
    .getByRole("row")
    .filter({ hasText: "BITRATE_EXCEEDED" })
    .filter({ hasText: seed.stageA.name });
  await expect(errorRow).toBeVisible({ timeout: 20_000 });
  await expect(errorRow).toContainText("PUBLISH_ERROR");
  await expect(errorRow).toContainText("above the maximum bitrate");
  await expect(errorRow).toContainText(seed.participantId);
  // Each error row opens the participant (its timeline) and, beside it, the session.
  await expect(errorRow.getByRole("link", { name: /Open participant/ })).toHaveAttribute(
    "href",
    new RegExp(`/stages/${encodeURIComponent(seed.stageA.arn)}/sessions/st-[^/]+/participants/${seed.participantId}`),
  );
  await expect(errorRow.getByRole("link", { name: /^session/ })).toHaveAttribute(
    "href",
    new RegExp(`/stages/${encodeURIComponent(seed.stageA.arn)}/sessions/st-`),
  );
  // Every participant of every live session is read, and the overview says when that is complete.
  await expect(errors.getByRole("status", { name: "Live sessions observation" })).toContainText("Complete", {
    timeout: 30_000,
  });

  // Refreshes by itself: a second participant joins and the count follows without a reload.
  await joinAndPublish(request, seed.stageA.arn, "guest-carl");
  await expect(row.getByRole("cell").nth(2)).toHaveText("2", { timeout: 15_000 });
  await expect(page.getByText(/Updated \d+ s ago/).first()).toBeVisible();
});

test("compositions: state, filters, detail with destinations, and Stop with a confirmation", async ({ page }) => {
  test.setTimeout(60_000);
  const idA = idOf(seed.compositionA);
  const idB = idOf(seed.compositionB);
  await hydrated(page, () => page.goto("/compositions?region=us-east-1"));
  const table = page.getByRole("table", { name: "Compositions" });
  const rowA = table.getByRole("row").filter({ hasText: idA });
  const rowB = table.getByRole("row").filter({ hasText: idB });
  await expect(rowA).toContainText(seed.stageA.name);
  await expect(rowA).toContainText(/STARTING|ACTIVE/);
  // The emulator activates compositions after a few seconds; the list follows by polling.
  await expect(rowA.getByText("ACTIVE").first()).toBeVisible({ timeout: 15_000 });
  await expect(rowB).toBeVisible();

  // Stage filter (sent to ListCompositions).
  const stageFilter = page.getByRole("combobox", { name: "Filter by stage" });
  await stageFilter.selectOption(seed.stageA.arn);
  await expect(rowA).toBeVisible();
  await expect(rowB).toHaveCount(0);
  await expect(page).toHaveURL(/stage=arn%3Aaws%3Aivs/);

  // Encoder filter too: the API gets the encoder filter, the browser applies the stage filter.
  const encoderFilter = page.getByRole("combobox", { name: "Filter by encoder configuration" });
  await encoderFilter.selectOption(seed.encoderB.arn);
  await expect(rowA).toHaveCount(0);
  await expect(rowB).toHaveCount(0);
  await expect(page.getByText("No composition matches these filters.", { exact: false })).toBeVisible();
  await stageFilter.selectOption("");
  await expect(rowB).toBeVisible();
  await expect(rowA).toHaveCount(0);
  await encoderFilter.selectOption(seed.encoderA.arn);
  await expect(rowA).toBeVisible();
  await expect(rowB).toHaveCount(0);

  // The filters survive a reload (they live in the URL).
  await hydrated(page, () => page.reload());
  await expect(page.getByRole("combobox", { name: "Filter by encoder configuration" })).toHaveValue(seed.encoderA.arn);
  await expect(rowA).toBeVisible();
  await expect(rowB).toHaveCount(0);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rowB).toBeVisible();

  // Detail page.
  await rowA.getByRole("link", { name: idA }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Composition ${idA}` })).toBeVisible();
  const destinations = page.getByRole("region", { name: "Destinations" });
  const archive = destinations.getByRole("article", { name: /archive/ });
  await expect(archive).toContainText("S3 recording");
  await expect(archive).toContainText(idOf(seed.encoderA.arn));
  await expect(archive).toContainText("ACTIVE");
  await expect(archive).toContainText(/Recording prefix\s*\S+\/composite/);
  await expect(page.getByRole("region", { name: "Layout", exact: true })).toContainText('"grid"');
  // Tags are editable in place (admin): the composition's tag is the editor's first row.
  const tags = page.getByRole("form", { name: `Tags of composition ${idA}` });
  await expect(tags.getByLabel("Tag key 1")).toHaveValue("show");
  await expect(tags.getByLabel("Tag value 1")).toHaveValue("e2e");

  // Stop: the confirmation names the composition; the page follows the state without a reload.
  await page.getByRole("button", { name: `Stop composition ${idA}` }).click();
  const confirm = page.getByRole("dialog", { name: `Stop composition ${idA}?` });
  await expect(confirm).toContainText(idA);
  await expect(confirm).toContainText(seed.stageA.name);
  await confirm.getByRole("button", { name: "Stop composition" }).click();
  await expect(confirm).toBeHidden();
  const status = page.getByRole("region", { name: "Status" });
  await expect(status).toContainText(/STOPPING|STOPPED/, { timeout: 10_000 });
  await expect(status).toContainText("STOPPED", { timeout: 15_000 });
  await expect(page.getByRole("button", { name: `Stop composition ${idA}` })).toHaveCount(0);

  // Stopped compositions stay listed (until IVS deletes them).
  await page.goto("/compositions?region=us-east-1&show=ended");
  await expect(
    page.getByRole("table", { name: "Compositions" }).getByRole("row").filter({ hasText: idA }),
  ).toContainText("STOPPED");
});

test("command palette: Ctrl-K, type a stage name, Enter opens the stage", async ({ page }) => {
  await hydrated(page, () => page.goto("/compositions?region=us-east-1"));
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  const search = palette.getByRole("combobox", { name: /Search stages/ });
  await expect(search).toBeFocused();
  await page.keyboard.type(seed.stageA.name);
  await expect(palette.getByRole("option", { name: new RegExp(seed.stageA.name) }).first()).toBeVisible();
  await expect(palette.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(
    new RegExp(
      `/stages/${encodeURIComponent(seed.stageA.arn).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\?region=us-east-1`,
    ),
  );
  await expect(palette).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: seed.stageA.name })).toBeVisible();

  // Pages and regions too, keyboard only; Escape closes.
  await page.keyboard.press("Control+k");
  await page.keyboard.type("public keys");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/public-keys\?region=us-east-1/);
  await page.keyboard.press("Control+k");
  await page.keyboard.type("us-west-2");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/public-keys\?region=us-west-2/);
  await page.keyboard.press("Control+k");
  await expect(page.getByRole("dialog", { name: "Command palette" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Command palette" })).toBeHidden();
});

test("no serious or critical accessibility violations on the overview and the compositions pages", async ({ page }) => {
  await page.goto("/?region=us-east-1");
  await expect(page.getByRole("region", { name: "Recent participant errors" }).getByRole("table")).toBeVisible({
    timeout: 20_000,
  });
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto("/compositions?region=us-east-1");
  await expect(page.getByRole("table", { name: "Compositions" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await hydrated(
    page,
    () => page.goto(`/compositions/${encodeURIComponent(seed.compositionB)}?region=us-east-1`),
    "GetComposition",
  );
  await expect(page.getByRole("region", { name: "Destinations" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.keyboard.press("Control+k");
  await expect(page.getByRole("dialog", { name: "Command palette" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
