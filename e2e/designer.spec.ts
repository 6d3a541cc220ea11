import AxeBuilder from "@axe-core/playwright";
import {
  CreateEncoderConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  IVSRealTimeClient,
  ListCompositionsCommand,
  StopCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { expect, test } from "./support/auth";

/**
 * The composition designer against the emulator: participants joined and publishing through the control API,
 * resources seeded with the official SDK, the designer driven in Chromium (signed in as admin).
 */

const emulator = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;
const control = { authorization: "Bearer test:test" };
const region = "us-east-1";
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const channelArn = `arn:aws:ivs:${region}:123456789012:channel/DesChannel01`;

const ivs = new IVSRealTimeClient({
  endpoint: emulator,
  region,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

async function createStage(name: string): Promise<string> {
  const { stage } = await ivs.send(new CreateStageCommand({ name }));
  if (!stage?.arn) throw new Error("CreateStage returned no stage");
  return stage.arn;
}

async function join(
  request: APIRequestContext,
  stageArn: string,
  userId: string,
  attributes: Record<string, string>,
): Promise<string> {
  const response = await request.post(`${emulator}/_emulator/participants/join`, {
    headers: control,
    data: { stageArn, userId, attributes, publish: true },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { participantId: string; publishing: boolean };
  expect(body.publishing).toBe(true);
  return body.participantId;
}

async function compositionsOf(stageArn: string) {
  const { compositions } = await ivs.send(new ListCompositionsCommand({ filterByStageArn: stageArn }));
  return compositions ?? [];
}

async function stopAll(stageArn: string) {
  for (const c of await compositionsOf(stageArn)) {
    if (c.arn && (c.state === "STARTING" || c.state === "ACTIVE"))
      await ivs.send(new StopCompositionCommand({ arn: c.arn }));
  }
}

/** Opens the designer on a stage and waits for its client code (the first participants poll). */
async function openDesigner(page: Page, stageArn: string) {
  const polled = page.waitForResponse((r) => r.url().includes("/api/ivs/ListParticipants"));
  await page.goto(`/designer?region=${region}&stage=${encodeURIComponent(stageArn)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Composition designer" })).toBeVisible();
  await polled;
}

const preview = (page: Page) => page.getByRole("group", { name: /^Preview of the/ });
const tile = (page: Page, name: string) =>
  preview(page).getByRole("button", { name: new RegExp(`^${name}, position`) });
const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

async function check(locator: Locator) {
  if (!(await locator.isChecked())) await locator.check();
}

test.describe.configure({ mode: "serial" });

test("design a PiP layout on live participants, save a preset, start to S3 and a channel, watch it run, stop it", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const stageName = unique("des-pip");
  const stageArn = await createStage(stageName);
  await join(request, stageArn, "host", { seat: "1" });
  await join(request, stageArn, "guest", { seat: "2", pip: "true" });
  await join(request, stageArn, "cohost", { seat: "3" });

  await openDesigner(page, stageArn);
  // Live participants populate the preview (grid by default, arrival order).
  await expect(tile(page, "host")).toBeVisible();
  await expect(tile(page, "guest")).toBeVisible();
  await expect(tile(page, "cohost")).toBeVisible();

  // PiP: the guest (pip=true) goes into the window, order from "seat".
  await page.getByRole("radio", { name: /Picture-in-picture/ }).check();
  await page.getByLabel("PiP participant attribute").fill("pip");
  await page.getByLabel("Participant order attribute").fill("seat");
  await page.getByLabel("PiP position").selectOption("TOP_LEFT");
  await page.getByLabel("PiP offset (px)").fill("16");
  await page.getByLabel("PiP width (px)").fill("384");
  await expect(tile(page, "guest")).toHaveAttribute("aria-label", /in the PiP window/);
  await expect(tile(page, "guest")).toHaveAttribute("data-role", "pip");
  await expect(page.getByTestId("layout-json")).toContainText('"pipParticipantAttribute": "pip"');
  await expect(page.getByTestId("layout-json")).toContainText('"pipWidth": 384');
  await expect(page.getByRole("list", { name: "Layout warnings" })).toHaveCount(0);

  // Drag the cohost onto the host: the cohost takes position 1, and its token would need seat=1.
  await tile(page, "cohost").dragTo(tile(page, "host"));
  await expect(tile(page, "cohost")).toHaveAttribute("aria-label", /^cohost, position 1 of 3/);
  const cohostRow = page.locator("[data-participant-row]").filter({ hasText: "cohost" });
  await expect(cohostRow.getByRole("list", { name: "Token attributes needed" })).toContainText("✗ seat=1");
  // Keyboard alternative: move it back later with the arrow key.
  await tile(page, "cohost").focus();
  await page.keyboard.press("ArrowRight");
  await expect(tile(page, "cohost")).toHaveAttribute("aria-label", /^cohost, position 2 of 3/);
  await page.getByRole("button", { name: "Reset to live attributes" }).click();
  await expect(tile(page, "cohost")).toHaveAttribute("aria-label", /^cohost, position 3 of 3/);
  await expect(tile(page, "host")).toHaveAttribute("aria-label", /^host, position 1 of 3/);

  // Save as a preset; it survives a reload (server side) and loads back into the form.
  const presetName = unique("Interview");
  await page.getByLabel("Preset name").fill(presetName);
  await page.getByRole("button", { name: "Save preset" }).click();
  const presets = page.getByRole("list", { name: "Layout presets" });
  await expect(presets.locator(`[data-preset="${presetName}"]`)).toBeVisible();
  await openDesigner(page, stageArn);
  await expect(page.getByRole("radio", { name: /^Grid/ })).toBeChecked();
  await expect(presets.locator(`[data-preset="${presetName}"]`)).toContainText("PiP · top left · pip=true");
  await page.getByRole("button", { name: `Load preset ${presetName}` }).click();
  await expect(page.getByRole("radio", { name: /Picture-in-picture/ })).toBeChecked();
  await expect(page.getByLabel("PiP width (px)")).toHaveValue("384");
  await expect(tile(page, "guest")).toHaveAttribute("data-role", "pip");

  // Destinations: a channel, and S3 with a storage and an encoder configuration created inline.
  await check(page.getByRole("checkbox", { name: "Send to an IVS channel" }));
  await page.getByLabel("Channel ARN").fill(channelArn);
  await check(page.getByRole("checkbox", { name: "Record to S3" }));
  await page.getByRole("button", { name: "New storage configuration" }).click();
  const storageDialog = page.getByRole("dialog", { name: "Create storage configuration" });
  const storageName = unique("des-store");
  await storageDialog.getByLabel("Name", { exact: true }).fill(storageName);
  await storageDialog.getByLabel("S3 bucket name").fill("designer-recordings");
  await storageDialog.getByRole("button", { name: "Create storage configuration" }).click();
  await expect(storageDialog).toBeHidden();
  await expect(page.getByLabel("Storage configuration", { exact: true })).toHaveValue(/storage-configuration\//);
  await page.getByRole("button", { name: "New encoder configuration for the recording" }).click();
  const encoderDialog = page.getByRole("dialog", { name: "Create encoder configuration" });
  const encoderName = unique("des-enc");
  await encoderDialog.getByLabel("Name", { exact: true }).fill(encoderName);
  await encoderDialog.getByRole("radio", { name: "1080p30" }).check();
  await encoderDialog.getByRole("button", { name: "Create encoder configuration" }).click();
  await expect(encoderDialog).toBeHidden();
  await expect(page.getByLabel("Recording encoder configuration")).toHaveValue(/encoder-configuration\//);
  await page.getByLabel("HLS segment duration (s)").fill("4");
  // The preview takes the recording encoder's size.
  await expect(preview(page).locator("..").getByText("Output 1920×1080")).toBeVisible();

  // Pre-flight: all green, and the exact request.
  const checks = page.getByRole("list", { name: "Pre-flight checks" });
  await expect(checks.locator('[data-level="ok"]').filter({ hasText: "live session" })).toContainText(
    "3 participants have published",
  );
  await expect(checks.locator('[data-level="ok"]').filter({ hasText: encoderName })).toContainText("1920×1080");
  await expect(checks.locator('[data-level="error"]')).toHaveCount(0);
  const requestJson = page.getByLabel("StartComposition request JSON");
  await expect(requestJson).toContainText(`"channelArn": "${channelArn}"`);
  await expect(requestJson).toContainText('"targetSegmentDurationSeconds": 4');
  await page.screenshot({ path: testInfo.outputPath("designer.png"), fullPage: true });

  // Start: the composition page follows STARTING → ACTIVE.
  await page.getByRole("button", { name: "Start composition" }).click();
  await expect(page).toHaveURL(/\/compositions\/arn%3Aaws%3Aivs/, { timeout: 20_000 });
  const heading = page.getByRole("heading", { level: 1, name: /^Composition / });
  await expect(heading).toBeVisible();
  const status = section(page, "Status");
  await expect(status.locator('[data-state="ACTIVE"]')).toBeVisible({ timeout: 20_000 });
  const timeline = page.getByRole("list", { name: "State changes" });
  await expect(timeline.locator('[data-subject="composition"][data-state="STARTING"]')).toBeVisible();
  await expect(timeline.locator('[data-subject="composition"][data-state="ACTIVE"]')).toBeVisible();
  const destinations = section(page, "Destinations");
  await expect(destinations.getByRole("article")).toHaveCount(2);
  await expect(destinations.locator('article [data-state="ACTIVE"]')).toHaveCount(2);
  await expect(destinations).toContainText(/Recording prefix\s*\S+\/composite/);
  await expect(section(page, "Layout preview").getByRole("img", { name: /^guest, .*PiP window/ })).toBeVisible();
  await expect(section(page, "Layout")).toContainText('"pipPosition": "TOP_LEFT"');
  await page.screenshot({ path: testInfo.outputPath("composition-active.png"), fullPage: true });

  // Stop with a confirmation: STOPPING → STOPPED.
  const id = (await heading.textContent())?.replace("Composition", "").trim() ?? "";
  await page.getByRole("button", { name: `Stop composition ${id}` }).click();
  const confirm = page.getByRole("dialog", { name: `Stop composition ${id}?` });
  await confirm.getByRole("button", { name: "Stop composition" }).click();
  await expect(confirm).toBeHidden();
  await expect(status.locator('[data-state="STOPPED"]')).toBeVisible({ timeout: 20_000 });
  await expect(timeline.locator('[data-subject="composition"][data-state="STOPPED"]')).toBeVisible();
  await expect(destinations.locator('article [data-state="STOPPED"]')).toHaveCount(2);
  expect((await compositionsOf(stageArn)).map((c) => c.state)).toEqual(["STOPPED"]);
});

test("invalid settings show errors and start nothing", async ({ page, request }) => {
  test.setTimeout(60_000);
  const stageArn = await createStage(unique("des-invalid"));
  await join(request, stageArn, "solo", {});
  await openDesigner(page, stageArn);
  await expect(tile(page, "solo")).toBeVisible();

  await page.getByRole("radio", { name: /Picture-in-picture/ }).check();
  await page.getByLabel("PiP width (px)").fill("0");
  await page.getByLabel("PiP participant attribute").fill("not valid!");
  await expect(page.getByText("Must be 1 or more.").first()).toBeVisible();
  await expect(page.getByText("Use letters, digits, - and _ only (no spaces).").first()).toBeVisible();
  await expect(page.getByText("Invalid: see the layout options.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save preset" })).toBeDisabled();

  // No destination yet, then an incomplete S3 one with an out-of-range segment duration and a foreign channel.
  const checks = page.getByRole("list", { name: "Pre-flight checks" });
  await expect(checks.locator('[data-level="todo"]').filter({ hasText: "Destinations" })).toContainText(
    "Choose where the composition goes",
  );
  await check(page.getByRole("checkbox", { name: "Record to S3" }));
  await page.getByLabel("HLS segment duration (s)").fill("11");
  await expect(page.getByText("Must be 10 or less.").first()).toBeVisible();
  await expect(page.getByText("Choose a storage configuration.").first()).toBeVisible();
  await check(page.getByRole("checkbox", { name: "Send to an IVS channel" }));
  await page.getByLabel("Channel ARN").fill("arn:aws:ivs:eu-west-1:123456789012:channel/DesChannel01");
  await expect(page.getByText(/The channel must be in this region \(us-east-1\)/).first()).toBeVisible();
  await expect(checks.locator('[data-level="error"]').filter({ hasText: "Layout" })).toBeVisible();

  const start = page.getByRole("button", { name: "Start composition" });
  await expect(start).toBeDisabled();
  await start.click({ force: true });
  await expect(page).toHaveURL(/\/designer\?/);
  expect(await compositionsOf(stageArn)).toEqual([]);
});

test("a double click on Start creates one composition, even when IVS's first answer is lost", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const stageArn = await createStage(unique("des-double"));
  await join(request, stageArn, "anchor", {});
  const { encoderConfiguration } = await ivs.send(new CreateEncoderConfigurationCommand({ name: unique("des-enc") }));
  const { storageConfiguration } = await ivs.send(
    new CreateStorageConfigurationCommand({ name: unique("des-store"), s3: { bucketName: "designer-double" } }),
  );
  await openDesigner(page, stageArn);
  await check(page.getByRole("checkbox", { name: "Record to S3" }));
  await page.getByLabel("Storage configuration", { exact: true }).selectOption(storageConfiguration?.arn ?? "");
  await page.getByLabel("Recording encoder configuration").selectOption(encoderConfiguration?.arn ?? "");
  const checks = page.getByRole("list", { name: "Pre-flight checks" });
  await expect(checks.locator('[data-level="error"]')).toHaveCount(0);
  await expect(checks.locator('[data-level="pending"]')).toHaveCount(0);

  // The first StartComposition is executed but its answer is lost (a 500 after the handler ran): the console's
  // transport retries with the same idempotency token.
  const fault = await request.post(`${emulator}/_emulator/faults`, {
    headers: control,
    data: {
      operation: "StartComposition",
      errorType: "InternalServerException",
      status: 500,
      count: 1,
      phase: "after",
    },
  });
  expect(fault.status(), await fault.text()).toBeLessThan(300);
  try {
    await page.getByRole("button", { name: "Start composition" }).dblclick();
    await expect(page).toHaveURL(/\/compositions\/arn%3Aaws%3Aivs/, { timeout: 20_000 });
    await expect(page.getByRole("heading", { level: 1, name: /^Composition / })).toBeVisible();
    const started = await compositionsOf(stageArn);
    expect(started).toHaveLength(1);
  } finally {
    await request.delete(`${emulator}/_emulator/faults`, { headers: control });
    await stopAll(stageArn);
  }
});

test("the designer has no serious or critical accessibility violations", async ({ page, request }) => {
  test.setTimeout(60_000);
  const stageArn = await createStage(unique("des-axe"));
  await join(request, stageArn, "presenter", { featured: "true" });
  await join(request, stageArn, "panelist", {});
  await openDesigner(page, stageArn);
  await expect(tile(page, "presenter")).toBeVisible();
  await page.getByLabel("Featured participant attribute").fill("featured");
  await expect(tile(page, "presenter")).toHaveAttribute("data-role", "featured");
  await check(page.getByRole("checkbox", { name: "Record to S3" }));
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("radio", { name: /Picture-in-picture/ }).check();
  expect(await seriousViolations(page)).toEqual([]);
});

test("simulated participants with editable attributes: a featured grid, order values and the warnings", async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  await page.goto(`/designer?region=${region}`);
  await expect(page.getByRole("heading", { level: 1, name: "Composition designer" })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Simulated participants" })).toBeChecked();
  await expect(tile(page, "host")).toBeVisible();

  // Attributes are edited as key=value text (applied on Enter); the layout reads them.
  await page.getByLabel("Featured participant attribute").fill("featured");
  await page.getByLabel("Participant order attribute").fill("order");
  await page.getByLabel("Attributes of guest-2").fill("featured=true, order=first");
  await page.getByLabel("Attributes of guest-2").press("Enter");
  await expect(tile(page, "guest-2")).toHaveAttribute("data-role", "featured");
  const warnings = page.getByRole("list", { name: "Layout warnings" });
  await expect(warnings).toContainText('order="first" is not a number');

  // Keyboard alternative on the list: feature someone else, move them.
  await page.getByRole("button", { name: "Feature host" }).click();
  await expect(tile(page, "host")).toHaveAttribute("data-role", "featured");
  await expect(tile(page, "guest-2")).toHaveAttribute("data-role", "grid");
  await page.getByLabel("Number of simulated participants").fill("13");
  await expect(warnings).toContainText("13 publishers");
  await page.getByLabel("Number of simulated participants").fill("6");
  await expect(warnings).not.toContainText("publishers");
  await page.getByLabel("Video aspect ratio").selectOption("SQUARE");
  await page.getByLabel("Grid gap (px)").fill("8");
  await expect(page.getByTestId("layout-json")).toContainText('"videoAspectRatio": "SQUARE"');
  await page.getByRole("region", { name: "Preview" }).screenshot({ path: testInfo.outputPath("featured-grid.png") });
});

test("undo and redo the design with the buttons and Ctrl/⌘+Z, Shift+Ctrl/⌘+Z", async ({ page }) => {
  await page.goto(`/designer?region=${region}`);
  const history = page.getByRole("toolbar", { name: "Design history" });
  const undo = history.getByRole("button", { name: "Undo" });
  const redo = history.getByRole("button", { name: "Redo" });
  const add = page.getByRole("button", { name: "Add participant" });
  const tiles = preview(page).getByRole("button", { name: /, position \d+ of/ });
  const orderAttribute = page.getByLabel("Participant order attribute");
  await expect(add).toBeEnabled(); // hydrated
  await expect(history).toHaveAttribute("aria-busy", "false"); // the history (loaded after the page) records
  await expect(undo).toBeDisabled();
  await expect(redo).toBeDisabled();
  await expect(tiles).toHaveCount(3);

  // Three edits: the layout kind, a text field, a participant more.
  await page.getByRole("radio", { name: /Picture-in-picture/ }).check();
  await expect(preview(page)).toHaveAccessibleName(/picture-in-picture/);
  await orderAttribute.fill("seat");
  await add.click();
  await expect(tiles).toHaveCount(4);
  await expect(page.getByTestId("layout-json")).toContainText('"participantOrderAttribute": "seat"');

  // Undo them one by one: the button, then the keyboard (focus outside any text field).
  await undo.click();
  await expect(tiles).toHaveCount(3);
  await expect(orderAttribute).toHaveValue("seat");
  await page.keyboard.press("ControlOrMeta+z");
  await expect(orderAttribute).toHaveValue("");
  await expect(page.getByTestId("layout-json")).not.toContainText("participantOrderAttribute");
  await page.keyboard.press("ControlOrMeta+z");
  await expect(preview(page)).toHaveAccessibleName(/grid/);
  await expect(page.getByRole("radio", { name: /^Grid/ })).toBeChecked();
  await expect(undo).toBeDisabled();

  // Redo: the keyboard, then the button.
  await page.keyboard.press("Shift+ControlOrMeta+z");
  await expect(page.getByRole("radio", { name: /Picture-in-picture/ })).toBeChecked();
  await redo.click();
  await expect(orderAttribute).toHaveValue("seat");
  await redo.click();
  await expect(tiles).toHaveCount(4);
  await expect(redo).toBeDisabled();

  // Inside a text field Ctrl/⌘+Z belongs to the field: the document keeps its participants.
  await orderAttribute.focus();
  await page.keyboard.press("ControlOrMeta+z");
  await expect(tiles).toHaveCount(4);

  // A new edit after an undo drops what could be redone.
  await undo.click();
  await expect(tiles).toHaveCount(3);
  await expect(redo).toBeEnabled();
  await page.getByLabel("Number of simulated participants").fill("2");
  await expect(tiles).toHaveCount(2);
  await expect(redo).toBeDisabled();
});
