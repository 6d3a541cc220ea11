import { generateKeyPairSync } from "node:crypto";
import type { OperationName } from "@/lib/ivs/operations";
import { z } from "zod";
import type { ManualClock } from "../clock";
import type { Logger } from "../http/logger";
import { handlersFor } from "../world/handlers";
import type { Scope } from "../world/ids";
import { createRandom } from "../world/random";
import type { World } from "../world/store";
import { startActivity, type ActivitySnapshot, type DemoActivity } from "./demo-world-activity";
import { callOperation, castOf, type OperationRequest, type ShowRuntime } from "./demo-world-cast";
import { demoRegions, historyMinutes, scriptedIncidents, type RegionSpec, type ShowSpec } from "./demo-world-data";
import type { Simulation } from "./simulation";

/**
 * `--world demo`: builds the demo world and sets it in motion.
 *
 * 1. At `now - 3 h` (the clock must be manual and stand there) it creates the set through the API handlers:
 *    encoder, storage and ingest configurations, a public key, and the stages with their tags and recording.
 * 2. It starts the activity (demo-world-activity.ts) and places the scripted incidents.
 * 3. It advances the clock to `now`: three hours of shows happen in a moment, leaving ended sessions with
 *    their participants and events, and the sessions, recordings and compositions that are live right now.
 * The caller then switches the clock to real time (or leaves it manual), and the activity carries on.
 *
 * With the same seed (and the same start time) the world is identical: ids, names, sessions and events.
 */

export interface DemoApp {
  readonly world: World;
  readonly sim: Simulation;
}

export interface DemoWorldOptions {
  /** The account the demo lives in (the first credential's). */
  readonly account: string;
  readonly seed: number | string;
  /** The present: the history ends here. */
  readonly now: number;
  readonly logger?: Logger;
}

const minute = 60_000;

const castRandom = (seed: number | string) => createRandom(`${seed}/demo-cast`);

/** Creates one region's configurations, stages and keys; returns the stage ARNs by name. */
function buildRegion(app: DemoApp, scope: Scope, spec: RegionSpec): Map<string, string> {
  const handlers = handlersFor(app.world);
  const call = <N extends OperationName>(name: N, input: OperationRequest<N>) =>
    callOperation(handlers, scope, name, input);

  const storages = new Map<string, string>();
  for (const encoder of spec.encoders) {
    const { name, width, height, framerate, bitrate, tags } = encoder;
    call("CreateEncoderConfiguration", { name, video: { width, height, framerate, bitrate }, tags: { ...tags } });
  }
  for (const storage of spec.storages) {
    const { storageConfiguration } = call("CreateStorageConfiguration", {
      name: storage.name,
      s3: { bucketName: storage.bucketName },
      tags: { ...storage.tags },
    });
    if (storageConfiguration) storages.set(storage.name, storageConfiguration.arn);
  }
  const stages = new Map<string, string>();
  for (const show of spec.shows) {
    const recording = show.recording;
    const storageArn = recording ? storages.get(recording.storage) : undefined;
    const { stage } = call("CreateStage", {
      name: show.stage,
      tags: { ...show.tags },
      ...(recording && storageArn
        ? {
            autoParticipantRecordingConfiguration: {
              storageConfigurationArn: storageArn,
              mediaTypes: [...recording.mediaTypes],
              recordingReconnectWindowSeconds: recording.recordingReconnectWindowSeconds,
              ...(recording.thumbnails
                ? {
                    thumbnailConfiguration: {
                      recordingMode: "INTERVAL",
                      targetIntervalSeconds: 30,
                      storage: ["SEQUENTIAL", "LATEST"],
                    },
                  }
                : {}),
            },
          }
        : {}),
    });
    if (stage) stages.set(show.stage, stage.arn);
  }
  for (const ingest of spec.ingests) {
    const stageArn = ingest.stage === undefined ? undefined : stages.get(ingest.stage);
    call("CreateIngestConfiguration", {
      name: ingest.name,
      ingestProtocol: ingest.protocol,
      ...(ingest.protocol === "RTMP" ? { insecureIngest: true } : {}),
      ...(stageArn === undefined ? {} : { stageArn }),
      userId: ingest.userId,
      attributes: { ...ingest.attributes },
      ...(ingest.redundantIngest ? { redundantIngest: true } : {}),
      tags: { ...ingest.tags },
    });
  }
  for (const key of spec.publicKeys) {
    // A fresh EC P-384 key every build (only its public half is imported; the bytes are not seeded).
    const publicKeyMaterial = generateKeyPairSync("ec", { namedCurve: "secp384r1" })
      .publicKey.export({ type: "spki", format: "pem" })
      .toString();
    call("ImportPublicKey", { publicKeyMaterial, name: key.name, tags: { ...key.tags } });
  }
  return stages;
}

function showRuntime(spec: ShowSpec, scope: Scope, stageArn: string, now: number, seed: number | string): ShowRuntime {
  return {
    spec,
    scope,
    stageArn,
    phase: "off-air",
    window: [0, 0],
    upcoming: spec.schedule.script.map(([start, end]) => [now + start * minute, now + end * minute]),
    sessionStartMs: 0,
    lastTickMs: 0,
    guestTarget: 0,
    viewerTarget: 0,
    retargetAtMs: 0,
    personas: castOf(spec, castRandom(`${seed}/${scope.region}/${spec.stage}`)),
    retired: false,
  };
}

/** Builds the demo world and plays its history up to `options.now`; the activity keeps running afterwards. */
export function buildDemoWorld(app: DemoApp, clock: ManualClock, options: DemoWorldOptions): DemoActivity {
  const start = options.now - historyMinutes * minute;
  if (clock.now() > start)
    throw new Error("buildDemoWorld: the clock must stand at the start of the history (now - 3 h)");
  clock.advanceTo(start);
  const shows: ShowRuntime[] = [];
  for (const region of demoRegions) {
    const scope: Scope = { account: options.account, region: region.region };
    const stages = buildRegion(app, scope, region);
    for (const show of region.shows) {
      const stageArn = stages.get(show.stage);
      if (stageArn) shows.push(showRuntime(show, scope, stageArn, options.now, options.seed));
    }
  }
  const activity = startActivity(
    {
      world: app.world,
      sim: app.sim,
      clock,
      random: createRandom(`${options.seed}/demo-activity`),
      handlers: handlersFor(app.world),
      ...(options.logger ? { logger: options.logger } : {}),
    },
    shows,
  );
  for (const scripted of scriptedIncidents) {
    const show = shows.find(
      (candidate) => candidate.scope.region === scripted.region && candidate.spec.stage === scripted.stage,
    );
    if (show) clock.setTimer(options.now + scripted.at * minute, () => activity.incident(show, scripted.kind));
  }
  clock.advanceTo(options.now);
  return activity;
}

/**
 * Picks the demo activity up again after a restart (persistence.ts restored the world): the shows, their
 * phases and windows and the cast's participant ids come from the snapshot.
 */
export function resumeDemoWorld(
  app: DemoApp & { readonly clock: Parameters<typeof startActivity>[0]["clock"] },
  snapshot: ActivitySnapshot,
  options: { readonly seed: number | string; readonly logger?: Logger },
): DemoActivity {
  const shows: ShowRuntime[] = [];
  for (const saved of snapshot.shows) {
    const spec = demoRegions
      .find((region) => region.region === saved.region)
      ?.shows.find((show) => show.stage === saved.stage);
    const account = app.world.regions().find((store) => store.stages.has(saved.stageArn))?.scope.account;
    if (!spec || account === undefined) continue;
    const show = showRuntime(spec, { account, region: saved.region }, saved.stageArn, 0, options.seed);
    show.phase = saved.phase;
    show.window = [saved.window[0], saved.window[1]];
    show.upcoming.splice(
      0,
      show.upcoming.length,
      ...saved.upcoming.map(([start, end]): [number, number] => [start, end]),
    );
    show.sessionStartMs = saved.sessionStartMs;
    if (saved.compositionArn !== undefined) show.compositionArn = saved.compositionArn;
    for (const persona of show.personas) {
      const id = saved.personas[persona.spec.key];
      if (id !== undefined) persona.participantId = id;
    }
    shows.push(show);
  }
  return startActivity(
    {
      world: app.world,
      sim: app.sim,
      clock: app.clock,
      random: createRandom(`${options.seed}/demo-activity/resumed/${app.clock.now()}`),
      handlers: handlersFor(app.world),
      ...(options.logger ? { logger: options.logger } : {}),
    },
    shows,
  );
}

const windowSchema = z.tuple([z.number(), z.number()]);

/** The demo activity's part of a state file (`extensions.demo`). */
export const activitySnapshotSchema = z.strictObject({
  version: z.literal(1),
  shows: z.array(
    z.strictObject({
      region: z.string(),
      stage: z.string(),
      stageArn: z.string(),
      phase: z.enum(["off-air", "on-air", "wrap-up"]),
      window: windowSchema,
      upcoming: z.array(windowSchema),
      sessionStartMs: z.number(),
      compositionArn: z.string().optional(),
      personas: z.record(z.string(), z.string()),
    }),
  ),
});
