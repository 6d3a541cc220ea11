import { describe, expect, it } from "vitest";
import { bitrateLimitBps, dropEpisodeMs, dropEpisodePercent, noise } from "./model";
import { joinPublisher, metricsSetup, minute, second, series, stageWith, valueAt } from "./test-kit";

/** The generated metrics agree with what the events say happened. */

describe("metric generation follows the world", () => {
  it("Publishers and Subscribers per stage follow joins, subscriptions and leaves; region totals add stages up", async () => {
    const kit = metricsSetup();
    const t0 = kit.clock.now();
    const one = await stageWith(kit);
    const two = await stageWith(kit);
    const a = joinPublisher(kit, one.arn);
    kit.clock.advance(30 * second);
    const b = joinPublisher(kit, one.arn);
    kit.sim.subscribe(kit.scope, b.ref, a.id);
    joinPublisher(kit, two.arn);
    kit.clock.advance(30 * second);
    kit.sim.leave(kit.scope, a.ref);
    kit.clock.advance(30 * second);

    const range = { start: t0, end: t0 + 90 * second };
    const publishers = series(kit, "Publishers", { Stage: one.stageId }, range);
    expect(valueAt(publishers, t0 + 10 * second)).toBe(1);
    expect(valueAt(publishers, t0 + 40 * second)).toBe(2);
    expect(valueAt(publishers, t0 + 70 * second)).toBe(1);
    const subscribers = series(kit, "Subscribers", { Stage: one.stageId }, range);
    expect(valueAt(subscribers, t0 + 10 * second)).toBe(0);
    expect(valueAt(subscribers, t0 + 40 * second)).toBe(1);
    expect(valueAt(subscribers, t0 + 70 * second)).toBe(0); // the publisher B watched has left

    const concurrent = series(kit, "ConcurrentPublishers", {}, range);
    expect(valueAt(concurrent, t0 + 40 * second)).toBe(3);
    expect(valueAt(concurrent, t0 + 70 * second)).toBe(2);
    expect(valueAt(series(kit, "ConcurrentSubscriptions", {}, range), t0 + 40 * second)).toBe(1);
  });

  it("PublishBitrate exists per layer exactly while the participant publishes", async () => {
    const kit = metricsSetup();
    const t0 = kit.clock.now();
    const stage = await stageWith(kit);
    const a = joinPublisher(kit, stage.arn);
    kit.clock.advance(minute);
    kit.sim.unpublish(kit.scope, a.ref);
    kit.clock.advance(minute);
    const range = { start: t0 - minute, end: t0 + 3 * minute };
    const layer = (SimulcastLayer: string, MediaType = "video") =>
      series(kit, "PublishBitrate", { Stage: stage.stageId, Participant: a.id, SimulcastLayer, MediaType }, range);
    const hi = layer("hi");
    expect(hi.Timestamps[0]).toBe(t0);
    expect(hi.Timestamps.at(-1)).toBe(t0 + minute - 5 * second);
    expect(hi.Timestamps.length).toBe(12);
    const mean = (values: number[]) => values.reduce((x, y) => x + y, 0) / values.length;
    expect(mean(hi.Values)).toBeGreaterThan(mean(layer("mid").Values));
    expect(mean(layer("mid").Values)).toBeGreaterThan(mean(layer("low").Values));
    expect(mean(layer("none", "audio").Values)).toBeLessThan(100_000);
    expect(layer("none").Values).toEqual([]); // a WHIP publisher simulcasts: no "none" video layer
    const resolution = series(
      kit,
      "PublishResolution",
      { Stage: stage.stageId, Participant: a.id, SimulcastLayer: "hi", MediaType: "video" },
      range,
    );
    expect(new Set(resolution.Values)).toEqual(new Set([720]));
    const framerate = series(kit, "PublishFramerate", { Stage: stage.stageId, Participant: a.id }, range);
    expect(framerate.Values).toEqual([]); // not an RTMP encoder
  });

  it("a publisher's bitrate climbs past 8.5 Mbps before its BITRATE_EXCEEDED and stops with it", async () => {
    const kit = metricsSetup();
    const t0 = kit.clock.now();
    const stage = await stageWith(kit);
    const a = joinPublisher(kit, stage.arn);
    kit.clock.advance(2 * minute + 2 * second);
    const errorAt = kit.clock.now();
    kit.sim.fail(kit.scope, a.ref, { event: "PUBLISH_ERROR", errorCode: "BITRATE_EXCEEDED" });
    kit.clock.advance(minute);
    const hi = series(
      kit,
      "PublishBitrate",
      { Stage: stage.stageId, Participant: a.id, SimulcastLayer: "hi", MediaType: "video" },
      {
        start: t0,
        end: t0 + 4 * minute,
      },
    );
    const before = hi.Values.filter((_, i) => (hi.Timestamps[i] ?? 0) < errorAt - 45 * second);
    expect(Math.max(...before)).toBeLessThan(3_000_000);
    const last = hi.Values.at(-1) ?? 0;
    expect(last).toBeGreaterThan(bitrateLimitBps);
    expect(hi.Timestamps.at(-1)).toBeLessThan(errorAt);
    expect(hi.Timestamps.at(-1)).toBeGreaterThanOrEqual(errorAt - 5 * second);
    // The climb is monotone apart from noise: the second half of the ramp is above its first half.
    const ramp = hi.Values.filter((_, i) => (hi.Timestamps[i] ?? 0) >= errorAt - 40 * second);
    expect(ramp.length).toBeGreaterThanOrEqual(7);
    expect(Math.min(...ramp.slice(-2))).toBeGreaterThan(Math.max(...ramp.slice(0, 2)));
  });

  it("a guest on a bad network shows packet loss and dropped frames before dropping, then recovers after reconnecting", async () => {
    const kit = metricsSetup();
    const t0 = kit.clock.now();
    const stage = await stageWith(kit);
    const host = joinPublisher(kit, stage.arn);
    const guest = joinPublisher(kit, stage.arn);
    kit.sim.subscribe(kit.scope, guest.ref, host.id);
    kit.clock.advance(3 * minute);
    const dropAt = kit.clock.now();
    kit.sim.drop(kit.scope, guest.ref);
    kit.clock.advance(10 * second);
    kit.sim.reconnect(kit.scope, guest.ref);
    kit.sim.subscribe(kit.scope, guest.ref, host.id);
    kit.clock.advance(2 * minute);

    const range = { start: t0, end: kit.clock.now() };
    const loss = series(kit, "DownloadPacketLoss", { Stage: stage.stageId, Participant: guest.id }, range);
    const at = (from: number, to: number) =>
      loss.Values.filter((_, i) => (loss.Timestamps[i] ?? 0) >= from && (loss.Timestamps[i] ?? 0) < to);
    const during = at(dropAt - dropEpisodeMs[0], dropAt);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...during)).toBeGreaterThan(dropEpisodePercent[0] * 0.75);
    expect(Math.max(...at(t0, dropAt - dropEpisodeMs[1]))).toBeLessThan(1);
    expect(at(dropAt, dropAt + 10 * second)).toEqual([]); // disconnected: no values
    expect(Math.max(...at(dropAt + 20 * second, kit.clock.now()))).toBeLessThan(1);
    const dropped = series(kit, "DroppedFrames", { Stage: stage.stageId, Participant: guest.id }, range);
    expect(Math.max(...dropped.Values)).toBeGreaterThan(dropEpisodePercent[0] * 0.5);
    // The stage's average over its subscribers shows the episode too.
    const stageLoss = series(
      kit,
      "DownloadPacketLoss",
      { Stage: stage.stageId },
      { ...range, period: 60, stat: "Maximum" },
    );
    expect(Math.max(...stageLoss.Values)).toBeGreaterThan(dropEpisodePercent[0] * 0.75);
    // A graceful leave is not a network drop: the host's own series never shows an episode.
    expect(series(kit, "DownloadPacketLoss", { Stage: stage.stageId, Participant: host.id }, range).Values).toEqual([]);
  });

  it("a scripted episode sets the participant's packet loss for its duration", async () => {
    const kit = metricsSetup();
    const t0 = kit.clock.now();
    const stage = await stageWith(kit);
    const host = joinPublisher(kit, stage.arn);
    const guest = joinPublisher(kit, stage.arn);
    kit.sim.subscribe(kit.scope, guest.ref, host.id);
    kit.episodes.add(kit.scope, {
      stageId: stage.stageId,
      participantId: guest.id,
      start: t0 + minute,
      end: t0 + minute + 45 * second,
      percent: 14,
    });
    kit.clock.advance(3 * minute);
    const loss = series(
      kit,
      "DownloadPacketLoss",
      { Stage: stage.stageId, Participant: guest.id },
      { start: t0, end: t0 + 3 * minute },
    );
    for (const [i, t] of loss.Timestamps.entries()) {
      const value = loss.Values[i] ?? NaN;
      if (t >= t0 + minute && t < t0 + minute + 45 * second) expect(value).toBeGreaterThan(14 * 0.79);
      else expect(value).toBeLessThan(1);
    }
    const video = series(
      kit,
      "SubscribeBitrate",
      { Stage: stage.stageId, Participant: guest.id, MediaType: "video" },
      { start: t0, end: t0 + 3 * minute },
    );
    // Under loss the subscriber receives the host's mid layer instead of hi.
    expect(valueAt(video, t0 + minute + 20 * second)).toBeLessThan(1_000_000);
    expect(valueAt(video, t0 + 20 * second)).toBeGreaterThan(2_000_000);
  });

  it("an RTMP encoder has a framerate and a single layer", async () => {
    const kit = metricsSetup();
    const t0 = kit.clock.now();
    const stage = await stageWith(kit);
    const { ingestConfiguration } = await kit.call("CreateIngestConfiguration", {
      ingestProtocol: "RTMPS",
      stageArn: stage.arn,
    });
    const publish = kit.sim.ingestPublish(kit.scope, {
      streamKey: ingestConfiguration?.streamKey ?? "",
      protocol: "RTMPS",
    });
    const id = publish.participant.data.participantId;
    kit.clock.advance(minute);
    const range = { start: t0, end: t0 + minute };
    const framerate = series(kit, "PublishFramerate", { Stage: stage.stageId, Participant: id }, range);
    expect(framerate.Values.length).toBe(12);
    for (const value of framerate.Values) expect(value).toBeGreaterThan(29);
    const layered = series(
      kit,
      "PublishFramerate",
      { Stage: stage.stageId, Participant: id, SimulcastLayer: "none", MediaType: "video" },
      range,
    );
    expect(layered.Values).toEqual(framerate.Values);
    expect(
      series(
        kit,
        "PublishResolution",
        { Stage: stage.stageId, Participant: id, SimulcastLayer: "none", MediaType: "video" },
        range,
      ).Values[0],
    ).toBe(1080);
    expect(
      series(
        kit,
        "PublishBitrate",
        { Stage: stage.stageId, Participant: id, SimulcastLayer: "hi", MediaType: "video" },
        range,
      ).Values,
    ).toEqual([]);
  });

  it("the same world gives the same values (seeded noise, no stored state)", async () => {
    const values = async () => {
      const kit = metricsSetup();
      const t0 = kit.clock.now();
      const stage = await stageWith(kit);
      const a = joinPublisher(kit, stage.arn);
      kit.clock.advance(minute);
      return series(
        kit,
        "PublishBitrate",
        { Stage: stage.stageId, Participant: a.id, SimulcastLayer: "hi", MediaType: "video" },
        { start: t0, end: t0 + minute },
      ).Values;
    };
    const first = await values();
    expect(new Set(first).size).toBeGreaterThan(5); // it does vary over time
    expect(await values()).toEqual(first);
    expect(noise(1, 2)).not.toBe(noise(1, 3));
  });

  it("reuses a region's index for up to a second of world time after a change; a scripted episode applies at once", async () => {
    const kit = metricsSetup();
    const stage = await stageWith(kit);
    const a = joinPublisher(kit, stage.arn);
    kit.clock.advance(10 * second);
    const first = kit.index();
    joinPublisher(kit, stage.arn);
    kit.clock.advance(999);
    expect(kit.index()).toBe(first);
    kit.clock.advance(1);
    const rebuilt = kit.index();
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.stages.get(stage.stageId)?.participants.size).toBe(2);
    kit.episodes.add(kit.scope, { stageId: stage.stageId, participantId: a.id, start: 0, end: 1, percent: 1 });
    expect(kit.index()).not.toBe(rebuilt);
  });
});
