import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { CreateParticipantTokenCommand, CreateStageCommand, IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import type { Download, Page } from "@playwright/test";
import { errorCodeCatalog } from "../lib/error-codes";
import { parseCsv } from "../lib/export/csv";
import { expect, test } from "./support/auth";

/**
 * The participant troubleshooting view and the session swimlane, in Chromium against the emulator. The world is
 * seeded with the official SDK (stage, tokens) and the emulator's control API (participants joining, publishing,
 * subscribing and failing): a guest whose encoder is above 8.5 Mbps fails to publish twice, then publishes.
 */

const emulator = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;
const control = { authorization: "Bearer test:test", "content-type": "application/json" };
const ivs = new IVSRealTimeClient({
  endpoint: emulator,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(path: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator}/_emulator/${path}`, {
    method: "POST",
    headers: control,
    body: JSON.stringify({ region: "us-east-1", ...body }),
  });
  const text = await response.text();
  expect(response.ok, `${path}: ${response.status} ${text}`).toBe(true);
  return JSON.parse(text) as Record<string, unknown>;
}

interface World {
  stageArn: string;
  sessionId: string;
  host: string;
  guest: string;
  viewer: string;
}

let world: World;

test.beforeAll(async () => {
  const { stage } = await ivs.send(new CreateStageCommand({ name: `tl-${Date.now().toString(36)}` }));
  const stageArn = stage?.arn ?? "";
  const join = async (body: object) =>
    (await post("participants/join", { stageArn, ...body })) as { participantId: string; sessionId: string };
  const act = (id: string, action: string, extra: object = {}) =>
    post(`participants/${id}/${action}`, { stageArn, ...extra });

  const host = await join({
    userId: "tl-host",
    publish: true,
    client: {
      browserName: "Chrome",
      browserVersion: "131",
      osName: "macOS",
      osVersion: "15",
      sdkVersion: "1.20.0",
      ispName: "Comcast",
    },
  });
  const guest = await join({
    userId: "tl-guest",
    client: {
      browserName: "Firefox",
      browserVersion: "133",
      osName: "Windows",
      osVersion: "11",
      sdkVersion: "1.20.0",
      ispName: "Vodafone",
    },
  });
  await act(guest.participantId, "subscribe", { targetParticipantId: host.participantId });
  for (let i = 0; i < 2; i++) {
    await pause(120);
    const failed = await act(guest.participantId, "fail", { event: "PUBLISH_ERROR", errorCode: "BITRATE_EXCEEDED" });
    expect(JSON.stringify(failed.events)).toContain("BITRATE_EXCEEDED");
  }
  await pause(120);
  expect(await act(guest.participantId, "publish")).toMatchObject({ publishing: true });

  const { participantToken } = await ivs.send(
    new CreateParticipantTokenCommand({ stageArn, userId: "tl-viewer", capabilities: ["SUBSCRIBE"] }),
  );
  const viewer = await join({ token: participantToken?.token ?? "" });
  await act(viewer.participantId, "subscribe", { targetParticipantId: host.participantId });
  await act(viewer.participantId, "subscribe", { targetParticipantId: guest.participantId });
  world = {
    stageArn,
    sessionId: guest.sessionId,
    host: host.participantId,
    guest: guest.participantId,
    viewer: viewer.participantId,
  };
});

const sessionPath = () => `/stages/${encodeURIComponent(world.stageArn)}/sessions/${world.sessionId}`;
const participantPath = (id: string) => `${sessionPath()}/participants/${id}`;

async function openParticipant(page: Page, id: string, query = "") {
  await page.goto(`${participantPath(id)}?region=us-east-1${query}`);
  await expect(page.getByTestId("events-loaded")).toBeVisible({ timeout: 20_000 });
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

async function downloaded(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, "utf8");
}

test("a guest who fails to publish with BITRATE_EXCEEDED, then succeeds: red markers, meaning and diagnosis", async ({
  page,
}) => {
  await openParticipant(page, world.guest);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("tl-guest");

  // Diagnosis: the repeated bitrate failure, what to do, and that publishing then worked.
  const finding = page.getByTestId("diagnosis").locator('[data-rule="bitrate"]');
  await expect(finding).toContainText("Publishing failed 2 times: bitrate above 8.5 Mbps");
  await expect(finding).toContainText(/around 6 Mbps/);
  await expect(finding).toContainText("recovered");
  await expect(finding).toHaveAttribute("data-severity", "warning");

  // The red marker on the drawn timeline (two failures close together: one marker with a count, or two).
  const chart = page.getByTestId("participant-timeline");
  await expect(chart.locator('[data-marker="error"][data-code="BITRATE_EXCEEDED"]').first()).toBeVisible();
  await expect(chart.locator("svg line").first()).toBeAttached();

  // Evidence: highlighted on the timeline and in the list; selecting an error shows its meaning and guidance.
  await finding.getByRole("button", { name: /Show evidence/ }).click();
  await expect(chart.locator("[data-evidence]")).toHaveCount(3);
  const list = page.getByRole("listbox", { name: /Events in the window/ });
  await list.getByRole("option").filter({ hasText: "BITRATE_EXCEEDED" }).first().click();
  const meaning = page.getByTestId("error-meaning");
  await expect(meaning).toContainText(errorCodeCatalog.BITRATE_EXCEEDED.meaning);
  await expect(meaning).toContainText(errorCodeCatalog.BITRATE_EXCEEDED.guidance);
  await expect(list.getByRole("option", { selected: true })).toContainText("BITRATE_EXCEEDED");

  // Keyboard: the list moves the selection; the chart zooms and pans, and E jumps to the next error.
  await list.focus();
  await page.keyboard.press("ArrowDown");
  await expect(list.getByRole("option", { selected: true })).toContainText("BITRATE_EXCEEDED");
  await page.keyboard.press("ArrowDown");
  await expect(list.getByRole("option", { selected: true })).toContainText("Publish started");
  await chart.focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("+");
  await page.keyboard.press("+");
  await page.keyboard.press("ArrowLeft");
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  await page.keyboard.press("0");
  await page.keyboard.press("Shift+E");
  await expect(list.getByRole("option", { selected: true })).toContainText("BITRATE_EXCEEDED");
});

test("the session swimlane draws every participant and the subscribe edges", async ({ page }) => {
  await page.goto(`${sessionPath()}?region=us-east-1`);
  const swimlane = page.getByTestId("swimlane");
  await expect(swimlane.getByTestId("swimlane-loaded")).toBeVisible({ timeout: 20_000 });
  await expect(swimlane.getByRole("heading", { name: /Swimlane: 3 participants/ })).toBeVisible();
  for (const name of ["tl-host", "tl-guest", "tl-viewer"])
    await expect(swimlane.getByRole("link", { name: new RegExp(`^Open ${name}`) })).toBeVisible();

  // Edges from subscriber to publisher: guest → host, viewer → host, viewer → guest.
  const edges = swimlane.getByTestId("swimlane-edges");
  await expect(edges).toHaveAttribute("data-edge-count", "3");
  const drawn = ((await edges.getAttribute("data-edges")) ?? "").split(" ").sort();
  expect(drawn).toEqual(
    [`${world.guest}>${world.host}`, `${world.viewer}>${world.guest}`, `${world.viewer}>${world.host}`].sort(),
  );
  // Three curves with an arrowhead each (one path per style, one sub-path per edge).
  const curves = await edges
    .locator("path")
    .evaluateAll((paths) =>
      paths.map((p) => (p.getAttribute("d") ?? "").split("C").length - 1).reduce((a, b) => a + b, 0),
    );
  expect(curves).toBe(3);
  // Hovering a lane lights its edges.
  await swimlane.locator(`[data-lane="${world.viewer}"]`).hover();
  await expect(edges.locator("path").nth(3)).toHaveAttribute("d", /C.*C/);
  // The guest's lane is flagged, its errors drawn; the table says the same in words.
  await expect(swimlane.locator(`[data-lane="${world.guest}"]`)).toHaveAttribute("data-worst", "warning");
  await expect(swimlane.locator(`[data-lane-shapes="${world.guest}"] [data-marker="error"]`).first()).toBeVisible();
  await swimlane.getByText(/Swimlane as a table/).click();
  const row = swimlane.getByRole("row").filter({ hasText: world.viewer });
  await expect(row).toContainText("→ tl-host");
  await expect(row).toContainText("→ tl-guest");
  await expect(swimlane.getByRole("row").filter({ hasText: world.guest })).toContainText("BITRATE_EXCEEDED (2)");

  // Clicking a lane opens its participant.
  await swimlane.getByRole("link", { name: /^Open tl-viewer/ }).click();
  await expect(page).toHaveURL(new RegExp(`/participants/${world.viewer}`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("tl-viewer");
});

test("exports download valid JSON and CSV for the participant and the session", async ({ page }) => {
  await openParticipant(page, world.guest);
  const [json] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the participant timeline as JSON" }).click(),
  ]);
  expect(json.suggestedFilename()).toMatch(/^participant-.*\.json$/);
  const timeline = JSON.parse(await downloaded(json)) as {
    kind: string;
    scope: { participantId: string; url: string };
    events: { name: string; errorCode?: string; meaning?: string }[];
    findings: { rule: string }[];
  };
  expect(timeline.kind).toBe("ivs-participant-timeline");
  expect(timeline.scope.participantId).toBe(world.guest);
  expect(timeline.events.filter((e) => e.errorCode === "BITRATE_EXCEEDED")).toHaveLength(2);
  expect(timeline.events.find((e) => e.errorCode)?.meaning).toBe(errorCodeCatalog.BITRATE_EXCEEDED.meaning);
  expect(timeline.findings.map((f) => f.rule)).toContain("bitrate");

  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the participant timeline as CSV" }).click(),
  ]);
  const rows = parseCsv(await downloaded(csv));
  expect(rows[0]?.slice(0, 3)).toEqual(["eventTime", "name", "participantId"]);
  expect(rows.slice(1).map((r) => r[1])).toEqual([
    "JOINED",
    "SUBSCRIBE_STARTED",
    "PUBLISH_ERROR",
    "PUBLISH_ERROR",
    "PUBLISH_STARTED",
  ]);
  expect(rows.every((r) => r.length === rows[0]?.length)).toBe(true);

  await page.goto(`${sessionPath()}?region=us-east-1`);
  await expect(page.getByTestId("swimlane-loaded")).toBeVisible({ timeout: 20_000 });
  const [sessionJson] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the session swimlane as JSON" }).click(),
  ]);
  const swimlane = JSON.parse(await downloaded(sessionJson)) as {
    kind: string;
    lanes: { userId: string }[];
    edges: { subscriber: string; publisher: string }[];
  };
  expect(swimlane.kind).toBe("ivs-session-swimlane");
  expect(swimlane.lanes.map((l) => l.userId).sort()).toEqual(["tl-guest", "tl-host", "tl-viewer"]);
  expect(swimlane.edges).toHaveLength(3);
  const [sessionCsv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the session swimlane as CSV" }).click(),
  ]);
  const sessionRows = parseCsv(await downloaded(sessionCsv));
  expect(new Set(sessionRows.slice(1).map((r) => r[3]))).toEqual(new Set(["tl-host", "tl-guest", "tl-viewer"]));
});

test("a deep link restores the time window, the kinds shown and the selected event", async ({ page, browser }) => {
  await openParticipant(page, world.guest);
  // Select an error, zoom in around it (the keyboard zooms around the selection), hide subscribe events.
  await page
    .getByRole("listbox", { name: /Events in the window/ })
    .getByRole("option")
    .filter({ hasText: "BITRATE_EXCEEDED" })
    .first()
    .click();
  const chart = page.getByTestId("participant-timeline");
  await chart.focus();
  await page.keyboard.press("+");
  await page.keyboard.press("+");
  await page
    .getByRole("group", { name: "Event kinds shown" })
    .getByRole("button", { name: /^Subscribe/ })
    .click();
  await expect(page).toHaveURL(/event=[a-z0-9.-]+/);
  await expect(page).toHaveURL(/kinds=/);
  const shown = await page.getByText(/events shown \(/).textContent();
  const url = page.url();
  expect(url).toMatch(/from=\d+&to=\d+/);

  const other = await browser.newPage({ storageState: await page.context().storageState() });
  await other.goto(url);
  await expect(other.getByTestId("events-loaded")).toBeVisible({ timeout: 20_000 });
  await expect(other.getByText(/events shown \(/)).toHaveText(shown ?? "");
  await expect(
    other.getByRole("group", { name: "Event kinds shown" }).getByRole("button", { name: /^Subscribe/ }),
  ).toHaveAttribute("aria-pressed", "false");
  await expect(
    other.getByRole("listbox", { name: /Events in the window/ }).getByRole("option", { selected: true }),
  ).toContainText("BITRATE_EXCEEDED");
  await expect(other.getByTestId("error-meaning")).toContainText("BITRATE_EXCEEDED");
  await other.close();

  // The session page keeps its window and lane filters in the URL too.
  await page.goto(`${sessionPath()}?region=us-east-1&lanes=errors&q=tl-`);
  await expect(page.getByTestId("swimlane-loaded")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("checkbox", { name: /Only lanes with problems/ })).toBeChecked();
  await expect(page.getByTestId("swimlane").getByRole("link", { name: /^Open / })).toHaveCount(1);
});

test("the participant and session pages have no serious or critical accessibility violations", async ({ page }) => {
  await openParticipant(page, world.guest);
  await page
    .getByTestId("diagnosis")
    .getByRole("button", { name: /Show evidence/ })
    .first()
    .click();
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto(`${sessionPath()}?region=us-east-1`);
  await expect(page.getByTestId("swimlane-loaded")).toBeVisible({ timeout: 20_000 });
  await page.getByText(/Swimlane as a table/).click();
  expect(await seriousViolations(page)).toEqual([]);
});

test("find a user lists each appearance with its outcome", async ({ page }) => {
  await page.goto(`/find-user?region=us-east-1&userId=tl-guest&stage=${encodeURIComponent(world.stageArn)}`);
  const row = page.getByRole("row").filter({ hasText: world.sessionId });
  await expect(row).toContainText("published", { timeout: 20_000 });
  await expect(row).toContainText("2 errors (BITRATE_EXCEEDED)");
  await expect(row).toContainText("Publishing failed 2 times");
  await row.getByRole("link", { name: world.guest }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("tl-guest");
});

test("a live participant's timeline grows as events arrive", async ({ page }) => {
  await openParticipant(page, world.host);
  const loaded = page.getByTestId("events-loaded");
  const before = Number((await loaded.textContent())?.match(/^(\d+) events/)?.[1]);
  await post(`participants/${world.host}/unpublish`, { stageArn: world.stageArn });
  await expect(loaded).toHaveText(new RegExp(`^${before + 1} events`), { timeout: 15_000 });
  await expect(page.getByRole("listbox", { name: /Events in the window/ })).toContainText("Publish stopped");
});
