import { CreateStageCommand } from "@aws-sdk/client-ivs-realtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actAs, routeRequest, signOutFake } from "@/server/auth/testing";
import { manualClock, type ManualClock } from "@/server/emulator/clock";
import { startApp, type RunningApp } from "@/server/emulator/sim/http-kit";
import { choosePeriod, type MetricsAnswer } from "@/server/metrics/read";
import { GET } from "./route";

vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());

// The metrics route against the whole emulator (CloudWatch on the IVS endpoint), read with the official client.
const base = "http://console.test/api/metrics";
let app: RunningApp;
let clock: ManualClock;
let stageArn = "";
let host = "";
let guest = "";
let t0 = 0;

beforeAll(async () => {
  // The world's clock must be near the real one: the reader picks periods from the range's age.
  t0 = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
  clock = manualClock(t0);
  app = await startApp({ clock });
  process.env.IVS_ENDPOINT = app.url;
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  stageArn = (await app.sdk().send(new CreateStageCommand({ name: "metrics-route" }))).stage?.arn ?? "";
  host = String((await app.control("POST", "/participants/join", { stageArn, publish: true })).json.participantId);
  guest = String((await app.control("POST", "/participants/join", { stageArn, publish: true })).json.participantId);
  await app.control("POST", `/participants/${guest}/subscribe`, { stageArn, targetParticipantId: host });
  await app.control("POST", "/metrics/episodes", {
    stageArn,
    participantId: guest,
    start: new Date(t0 + 10 * 60_000).toISOString(),
    durationSeconds: 60,
    percent: 14,
  });
  clock.advance(20 * 60_000);
});

afterAll(async () => {
  await app.close();
});

const url = (params: Record<string, string>) =>
  `${base}?${new URLSearchParams({ region: "us-east-1", ...params }).toString()}`;

describe("GET /api/metrics", () => {
  it("answers 401 without a session", async () => {
    signOutFake();
    const answer = await GET(
      routeRequest(
        url({ scope: "stage", stageArn, start: new Date(t0).toISOString(), end: new Date(t0 + 60_000).toISOString() }),
      ),
    );
    expect(answer.status).toBe(401);
  });

  it("reads a participant's series (its loss episode included) for a viewer", async () => {
    await actAs("viewer");
    const answer = await GET(
      routeRequest(
        url({
          scope: "participant",
          stageArn,
          participantId: guest,
          start: new Date(t0).toISOString(),
          end: new Date(t0 + 20 * 60_000).toISOString(),
        }),
      ),
    );
    expect(answer.status).toBe(200);
    const { data } = (await answer.json()) as { data: MetricsAnswer };
    expect(data.period).toBe(5);
    expect(data.series.map((s) => s.id).sort()).toEqual(
      [
        "bitrate_audio",
        "bitrate_hi_video",
        "bitrate_low_video",
        "bitrate_mid_video",
        "dropped",
        "loss",
        "resolution_hi",
        "resolution_low",
        "resolution_mid",
        "subscribe_audio",
        "subscribe_video",
      ].sort(),
    );
    const loss = data.series.find((s) => s.id === "loss");
    expect(loss?.points.length).toBe(240);
    const worst = Math.max(...(loss?.points ?? []).map(([, v]) => v));
    expect(worst).toBeGreaterThan(11);
    const peak = loss?.points.find(([, v]) => v === worst)?.[0] ?? "";
    expect(Date.parse(peak)).toBeGreaterThanOrEqual(t0 + 10 * 60_000);
    expect(Date.parse(peak)).toBeLessThan(t0 + 11 * 60_000);
  });

  it("reads a stage's Publishers and Subscribers", async () => {
    await actAs("viewer");
    const answer = await GET(
      routeRequest(
        url({
          scope: "stage",
          stageArn,
          start: new Date(t0).toISOString(),
          end: new Date(t0 + 20 * 60_000).toISOString(),
          period: "60",
        }),
      ),
    );
    const { data } = (await answer.json()) as { data: MetricsAnswer };
    expect(data.period).toBe(60);
    expect(data.series.find((s) => s.id === "publishers")?.points.map(([, v]) => v)).toEqual(Array<number>(20).fill(2));
    expect(data.series.find((s) => s.id === "subscribers")?.points.map(([, v]) => v)).toEqual(
      Array<number>(20).fill(1),
    );
  });

  it("refuses bad input with 400 and field messages", async () => {
    await actAs("viewer");
    const backwards = await GET(
      routeRequest(
        url({ scope: "stage", stageArn, start: new Date(t0 + 60_000).toISOString(), end: new Date(t0).toISOString() }),
      ),
    );
    expect(backwards.status).toBe(400);
    const noParticipant = await GET(
      routeRequest(
        url({
          scope: "participant",
          stageArn,
          start: new Date(t0).toISOString(),
          end: new Date(t0 + 60_000).toISOString(),
        }),
      ),
    );
    expect(noParticipant.status).toBe(400);
    expect(await noParticipant.json()).toMatchObject({
      error: { code: "ValidationException", fields: { participantId: expect.any(Array) } },
    });
  });

  it("picks periods CloudWatch allows for the range", () => {
    const now = Date.parse("2026-06-01T12:00:00Z");
    expect(choosePeriod(now - 3600_000, now, now)).toBe(5);
    expect(choosePeriod(now - 3 * 3600_000, now, now)).toBe(10);
    expect(choosePeriod(now - 5 * 3600_000, now - 4 * 3600_000, now)).toBe(60);
    expect(choosePeriod(now - 2 * 86_400_000, now, now)).toBe(120);
    expect(choosePeriod(now - 20 * 86_400_000, now - 19 * 86_400_000, now)).toBe(300);
    expect(choosePeriod(now - 3600_000, now, now, 45)).toBe(60);
  });
});
