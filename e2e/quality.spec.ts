import { CreateStageCommand, IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import type { Locator } from "@playwright/test";
import { expect, test } from "./support/auth";

/**
 * Quality beside the events, in Chromium against the emulator: a guest who publishes and subscribes goes through
 * a scripted 14 % packet-loss episode and then drops. Its participant page must show the episode on the packet
 * loss chart (read through the chart's table alternative), in the diagnosis with the drop it explains, and both
 * aligned with the events (the episode's times and the LEFT event's time).
 */

const emulator = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;
const control = { authorization: "Bearer test:test", "content-type": "application/json" };
const ivs = new IVSRealTimeClient({
  endpoint: emulator,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

async function post<T>(path: string, body: object): Promise<T> {
  const response = await fetch(`${emulator}/_emulator/${path}`, {
    method: "POST",
    headers: control,
    body: JSON.stringify({ region: "us-east-1", ...body }),
  });
  const text = await response.text();
  expect(response.ok, `${path}: ${response.status} ${text}`).toBe(true);
  return JSON.parse(text) as T;
}

interface World {
  stageArn: string;
  sessionId: string;
  guest: string;
  episode: { start: string; end: string; percent: number };
  dropAt: string;
}

let world: World;
const episodeSeconds = 12;
/**
 * The episode starts this long after the guest has started publishing and subscribing, so the chart has healthy
 * values first. The emulator precedes every drop with a loss episode of its own (12-40 s, 8-30 %; the larger
 * percent applies where they overlap): the lead is longer than that.
 */
const leadSeconds = 50;

test.beforeAll(async () => {
  const { stage } = await ivs.send(new CreateStageCommand({ name: `q-${Date.now().toString(36)}` }));
  const stageArn = stage?.arn ?? "";
  const join = (body: object) =>
    post<{ participantId: string; sessionId: string }>("participants/join", { stageArn, ...body });
  const host = await join({ userId: "q-host", publish: true });
  const guest = await join({ userId: "q-guest", publish: true });
  await post(`participants/${guest.participantId}/subscribe`, { stageArn, targetParticipantId: host.participantId });
  // Per-participant loss exists while the participant both publishes and subscribes: the episode starts a little
  // later (world time follows real time), so the chart has healthy values before it.
  const scripted = await post<{ episode: World["episode"]; dropAt?: string }>("metrics/episodes", {
    stageArn,
    participantId: guest.participantId,
    start: new Date(Date.now() + leadSeconds * 1000).toISOString(),
    durationSeconds: episodeSeconds,
    percent: 14,
    drop: true,
  });
  world = {
    stageArn,
    sessionId: guest.sessionId,
    guest: guest.participantId,
    episode: scripted.episode,
    dropAt: scripted.dropAt ?? "",
  };
});

const sessionPath = () => `/stages/${encodeURIComponent(world.stageArn)}/sessions/${world.sessionId}`;
const hhmmss = (iso: string) => iso.slice(11, 19);
const seconds = (clock: string) => {
  const [h, m, s] = clock.split(":").map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
};
/**
 * Seconds from the episode's start to a wall-clock time shown as HH:MM:SS, within ±12 h: the charts show times
 * of day, and an episode may cross midnight.
 */
const sinceStart = (clock: string) => {
  const day = 86_400;
  const start = seconds(hhmmss(world.episode.start)) + (Date.parse(world.episode.start) % 1000) / 1000;
  return ((((seconds(clock) - start) % day) + day * 1.5) % day) - day / 2;
};
const percentOf = (text: string) => Number.parseFloat(text.replace("%", "").trim());

/** The rows of a chart's table alternative: [time, value]. */
async function tableRows(table: Locator): Promise<[string, number][]> {
  const rows = await table
    .locator("tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector("th")?.textContent ?? "", tr.querySelector("td")?.textContent ?? ""]),
    );
  return rows.map(([time, value]) => [(time ?? "").replace("Z", ""), percentOf(value ?? "")]);
}

test("a packet-loss episode shows on the chart and in the diagnosis, aligned with the drop", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${sessionPath()}/participants/${world.guest}?region=us-east-1`);
  await expect(page.getByTestId("events-loaded")).toBeVisible({ timeout: 20_000 });

  // The diagnosis: once the episode is over, the drop is read and the metrics of the whole episode are in the store.
  const finding = page.getByTestId("diagnosis").locator('[data-rule="packet-loss"]');
  await expect(finding).toBeVisible({ timeout: (leadSeconds + episodeSeconds) * 1000 + 30_000 });
  await expect(
    finding.getByText(/the participant dropped at \d\d:\d\d:\d\d: likely the participant's network/),
  ).toBeVisible({ timeout: 30_000 });
  const title = (await finding.getByRole("heading").textContent()) ?? "";
  const match = /Packet loss (\d+) % from (\d\d:\d\d:\d\d) to (\d\d:\d\d:\d\d) while publishing and subscribing/.exec(
    title,
  );
  expect(match, title).not.toBeNull();
  const [, peak, from, to] = match ?? [];
  // At least the scripted 14 % (± 20 % noise); at most the emulator's own drop episode (30 % ± 20 %).
  expect(Number(peak)).toBeGreaterThanOrEqual(11);
  expect(Number(peak)).toBeLessThanOrEqual(36);
  // Aligned with the scripted episode (values every 5 s; the drop's own episode may start earlier) and with the
  // LEFT event the emulator wrote at its end.
  expect(sinceStart(from ?? "")).toBeLessThanOrEqual(5);
  expect(Math.abs(sinceStart(to ?? "") - sinceStart(hhmmss(world.episode.end)))).toBeLessThanOrEqual(5);
  const explanation = (await finding.textContent()) ?? "";
  const dropped = /dropped at (\d\d:\d\d:\d\d)/.exec(explanation)?.[1] ?? "";
  expect(dropped).toBe(hhmmss(world.dropAt));
  await expect(finding.getByRole("button", { name: new RegExp(`Show Left at ${hhmmss(world.dropAt)}`) })).toBeVisible();

  // The chart: a named image, and its table alternative holds the episode's values at the episode's times.
  const chart = page.getByRole("figure", { name: "Packet loss of q-guest" });
  // Its name states the highest value: the scripted 14 % (± noise), or the emulator's own drop episode where larger.
  const image = chart.getByRole("img", { name: /Packet loss of q-guest: loss; highest \d+\.\d %/ });
  await expect(image).toBeVisible();
  const highest = Number(/highest (\d+\.\d) %/.exec((await image.getAttribute("aria-label")) ?? "")?.[1] ?? Number.NaN);
  expect(highest).toBeGreaterThanOrEqual(11);
  expect(highest).toBeLessThanOrEqual(36);
  await chart.getByText("Table of packet loss of q-guest").click();
  const table = chart.getByRole("table", { name: /Packet loss of q-guest values/ });
  await expect(table).toBeVisible();
  const rows = await tableRows(table);
  // A row is the sample at its time: the row whose time falls in the episode's first second but before its exact
  // start (e.g. 23:41:30 for a start at 23:41:30.9) is still healthy, so compare with the start to the millisecond.
  const inside = rows.filter(
    ([time]) => sinceStart(time) >= 0 && sinceStart(time) < sinceStart(hhmmss(world.episode.end)),
  );
  const outside = rows.filter(([time]) => sinceStart(time) < sinceStart(from ?? "") - 4);
  expect(inside.length).toBeGreaterThanOrEqual(2);
  expect(inside.every(([, value]) => value >= 8)).toBe(true);
  expect(outside.length).toBeGreaterThan(0);
  expect(outside.every(([, value]) => value < 1)).toBe(true);

  // Showing the evidence highlights the stretch on every chart and moves the shared window around it.
  await finding.getByRole("button", { name: /^Show evidence/ }).click();
  await expect(page.locator('[data-chart="packet-loss"] [data-highlight^="Packet loss"]')).toHaveCount(1);
  await expect(page.locator('[data-chart="publish-bitrate"] [data-highlight^="Packet loss"]')).toHaveCount(1);
  await expect(page).toHaveURL(/[?&]from=\d+&to=\d+/, { timeout: 5_000 });

  // Keyboard: the chart zooms the shared window (the timeline follows).
  const plot = chart.getByRole("img", { name: /Packet loss of q-guest/ });
  const before = await page.getByTestId("participant-timeline").getAttribute("aria-label");
  await plot.focus();
  await page.keyboard.press("+");
  await expect(page.getByTestId("participant-timeline")).not.toHaveAttribute("aria-label", before ?? "");
});

test("the session page charts its audience and names the worst participant by packet loss", async ({ page }) => {
  await page.goto(`${sessionPath()}?region=us-east-1`);
  const panel = page.getByTestId("session-quality");
  await expect(panel.getByRole("img", { name: /Publishers and subscribers of session/ })).toBeVisible({
    timeout: 30_000,
  });
  const worst = panel.getByRole("table", { name: /most packet loss/ });
  await expect(worst.getByRole("link", { name: world.guest })).toBeVisible({ timeout: 30_000 });
});
