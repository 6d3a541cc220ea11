import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "./clock";
import { silentLogger } from "./http/logger";
import { testConfig } from "./http/test-server";
import {
  parseStateFile,
  readStateFile,
  restoreWorld,
  snapshotWorld,
  stateFileVersion,
  StateFileError,
  writeFileAtomic,
  type StateFile,
} from "./persistence";
import { resumeWorld } from "./persistence-resume";
import { bootEmulator, createEmulatorApp } from "./sim/app";
import { callOperation } from "./sim/demo-world-cast";
import { demoKit, east, minute, NOW, west, withApi } from "./sim/demo-world-test-kit";
import { handlersFor } from "./world/handlers";
import type { Scope } from "./world/ids";
import type { World } from "./world/store";

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ivs-emulator-state-"));
  dirs.push(dir);
  return dir;
}

const meta = (world: World, virtualTimeMs: number) => ({
  seed: 7,
  world: "empty" as const,
  virtualTimeMs,
  savedAtMs: NOW,
  extensions: {},
});

/** The regions of a state file as JSON (what must survive a restart). */
const regionsJson = (state: StateFile) => JSON.stringify(state.regions);

/** Boots a restored emulator from `state` on a manual clock standing at the saved time. */
function restored(state: StateFile) {
  const clock = manualClock(state.virtualTimeMs);
  const world = restoreWorld(state, { clock, enforceQuotas: true });
  const app = createEmulatorApp({ config: testConfig({ clock: "manual" }), clock, world, logger: silentLogger });
  const report = resumeWorld({ sim: app.sim, clock });
  const handlers = handlersFor(world);
  const call = <N extends Parameters<typeof callOperation>[2]>(
    scope: Scope,
    name: N,
    input: Parameters<typeof callOperation<N>>[3],
  ) => callOperation(handlers, scope, name, input);
  return { app, clock, world, report, call };
}

describe("persistence: round trip", () => {
  it("restores the demo world exactly: every store, the secret, and page tokens issued before the restart", () => {
    const kit = demoKit();
    const esports = [...kit.store(east).stages.values()].find((stage) => stage.name === "esports-finals");
    const sessionId = esports?.activeSessionId ?? "";
    const firstPage = kit.call(east, "ListParticipants", { stageArn: esports?.arn ?? "", sessionId, maxResults: 5 });
    const state = snapshotWorld(kit.emulator.world, meta(kit.emulator.world, kit.clock.now()));

    const path = join(tempDir(), "world.json");
    writeFileAtomic(path, JSON.stringify(state));
    const loaded = readStateFile(path);
    expect(loaded).toEqual(state);

    const after = restored(loaded as StateFile);
    expect(regionsJson(snapshotWorld(after.world, meta(after.world, after.clock.now())))).toBe(regionsJson(state));
    expect(Buffer.from(after.world.secret)).toEqual(Buffer.from(kit.emulator.world.secret));

    for (const scope of [east, west]) {
      for (const name of [
        "ListStages",
        "ListCompositions",
        "ListEncoderConfigurations",
        "ListStorageConfigurations",
        "ListIngestConfigurations",
        "ListPublicKeys",
      ] as const) {
        expect(after.call(scope, name, {}), `${name} in ${scope.region}`).toEqual(kit.call(scope, name, {}));
      }
    }
    const secondPage = { stageArn: esports?.arn ?? "", sessionId, maxResults: 5, nextToken: firstPage.nextToken ?? "" };
    expect(after.call(east, "ListParticipants", secondPage)).toEqual(kit.call(east, "ListParticipants", secondPage));
    const participant = firstPage.participants[0];
    const events = { stageArn: esports?.arn ?? "", sessionId, participantId: participant?.participantId ?? "" };
    expect(after.call(east, "ListParticipantEvents", events)).toEqual(kit.call(east, "ListParticipantEvents", events));
    expect(after.report.clients).toBeGreaterThan(100);
  });

  it("lets the simulation drive restored participants, without touching their saved timelines", () => {
    const kit = demoKit();
    const state = snapshotWorld(kit.emulator.world, meta(kit.emulator.world, kit.clock.now()));
    const after = restored(state);
    const store = after.world.region(east);
    const viewer = [...store.participants.values()].find(
      (participant) =>
        participant.data.state === "CONNECTED" &&
        participant.data.attributes.role === "viewer" &&
        store.stages.get(participant.stageArn)?.activeSessionId === participant.sessionId,
    );
    if (!viewer) throw new Error("no connected viewer");
    const ref = { stageArn: viewer.stageArn, participantId: viewer.data.participantId };
    const outcome = after.app.sim.publish(east, ref);
    expect(outcome.events).toMatchObject([{ name: "PUBLISH_ERROR", errorCode: "INSUFFICIENT_CAPABILITIES" }]);
    expect(
      after.app.sim
        .leave(east, ref)
        .events.map((event) => event.name)
        .at(-1),
    ).toBe("LEFT");
    const encoder = [...store.participants.values()].find(
      (participant) => participant.data.protocol === "RTMPS" && participant.data.state === "CONNECTED",
    );
    const streamKey =
      [...store.ingestConfigurations.values()].find((config) => config.participantId === encoder?.data.participantId)
        ?.streamKey ?? "";
    expect(after.app.sim.ingestStop(east, { streamKey }).events.map((event) => event.name)).toEqual([
      "PUBLISH_STOPPED",
      "LEFT",
    ]);
  });

  it("re-arms the lifecycles from the saved states and timestamps", () => {
    const clock = manualClock(NOW);
    const app = createEmulatorApp({ config: testConfig({ clock: "manual" }), clock, logger: silentLogger });
    const handlers = handlersFor(app.world);
    const call = <N extends Parameters<typeof callOperation>[2]>(
      name: N,
      input: Parameters<typeof callOperation<N>>[3],
    ) => callOperation(handlers, east, name, input);
    const storage =
      call("CreateStorageConfiguration", { s3: { bucketName: "bucket" } }).storageConfiguration?.arn ?? "";
    const encoder = call("CreateEncoderConfiguration", {}).encoderConfiguration?.arn ?? "";
    const stage =
      call("CreateStage", {
        name: "recorded",
        autoParticipantRecordingConfiguration: { storageConfigurationArn: storage },
      }).stage?.arn ?? "";
    const other = call("CreateStage", { name: "emptied" }).stage?.arn ?? "";
    const host = app.sim.join(east, { stageArn: stage, publish: true });
    const gone = app.sim.join(east, { stageArn: other });
    app.sim.leave(east, { stageArn: other, participantId: gone.participant.data.participantId });
    const destinations = [{ s3: { storageConfigurationArn: storage, encoderConfigurationArns: [encoder] } }];
    const starting = call("StartComposition", { stageArn: stage, destinations }).composition?.arn ?? "";
    const stopped = call("StartComposition", { stageArn: stage, destinations }).composition?.arn ?? "";
    clock.advance(5_000);
    call("StopComposition", { arn: stopped });
    clock.advance(60_000);
    const starting2 = call("StartComposition", { stageArn: stage, destinations }).composition?.arn ?? "";
    app.sim.unpublish(east, { stageArn: stage, participantId: host.participant.data.participantId });
    app.sim.publish(east, { stageArn: stage, participantId: host.participant.data.participantId });
    const state = snapshotWorld(app.world, meta(app.world, clock.now()));

    const after = restored(state);
    const store = after.world.region(east);
    const composition = (arn: string) => store.compositions.get(arn);
    const recording = () =>
      [...store.participants.values()].find(
        (participant) => participant.data.participantId === host.participant.data.participantId,
      )?.data.recordingState;
    expect(composition(starting2)?.state).toBe("STARTING");
    expect(recording()).toBe("STARTING");
    expect(store.stages.get(other)?.activeSessionId).toBeDefined();
    after.clock.advance(3_000);
    expect(composition(starting2)?.state).toBe("ACTIVE");
    expect(composition(starting)?.state).toBe("ACTIVE");
    expect(recording()).toBe("ACTIVE");
    after.clock.advance(2 * minute);
    expect(store.stages.get(other)?.activeSessionId).toBeUndefined();
    after.clock.advance(3 * minute);
    expect(composition(stopped)).toBeUndefined(); // deleted 5 minutes after its endTime
    expect(composition(starting)?.state).toBe("ACTIVE");
  });
});

describe("persistence: the state file", () => {
  let built: StateFile | undefined;
  const sample = (): StateFile => {
    if (!built) {
      const kit = demoKit();
      built = snapshotWorld(kit.emulator.world, meta(kit.emulator.world, kit.clock.now()));
    }
    return structuredClone(built);
  };

  it("is written atomically (temporary file, then rename) and read back; a missing file means a first start", () => {
    const dir = tempDir();
    const path = join(dir, "state.json");
    expect(readStateFile(path)).toBeUndefined();
    writeFileAtomic(path, "first");
    writeFileAtomic(path, "second");
    expect(readFileSync(path, "utf8")).toBe("second");
    expect(readdirSync(dir)).toEqual(["state.json"]);
    writeFileAtomic(join(dir, "new", "folder", "state.json"), "created");
    expect(readFileSync(join(dir, "new", "folder", "state.json"), "utf8")).toBe("created");
    expect(() => writeFileAtomic(join(dir, "state.json", "inside-a-file.json"), "x")).toThrow(
      /cannot write state file .*inside-a-file\.json/,
    );
    expect(readdirSync(dir).sort()).toEqual(["new", "state.json"]);
  });

  it("refuses a corrupt file with a clear message", () => {
    const state = sample();
    const text = JSON.stringify(state);
    const refusal = (content: string) => {
      try {
        parseStateFile(content, "/data/world.json");
      } catch (error) {
        expect(error).toBeInstanceOf(StateFileError);
        expect((error as StateFileError).kind).toBe("corrupt");
        return (error as Error).message;
      }
      throw new Error("expected a refusal");
    };
    expect(refusal(text.slice(0, text.length / 2))).toMatch(
      /^state file \/data\/world\.json is not usable: it is not valid JSON .*truncated.*move it away/,
    );
    expect(refusal("{}")).toMatch(/not an IVS Real-Time emulator state file/);
    expect(refusal(JSON.stringify({ ...state, version: "one" }))).toMatch(/format version "one"/);
    const broken = structuredClone(state) as unknown as { regions: { stages: Record<string, unknown>[] }[] };
    delete broken.regions[0]?.stages[0]?.arn;
    expect(refusal(JSON.stringify(broken))).toMatch(/does not match format version 1 at regions\.0\.stages\.0\.arn/);
    const dangling = structuredClone(state);
    dangling.regions[0]?.sessions.splice(0, 1);
    expect(refusal(JSON.stringify(dangling))).toMatch(/refers to session st-\w+, which is not in the file/);
    const badEvent = structuredClone(state) as unknown as {
      regions: { events: { data: Record<string, unknown> }[] }[];
    };
    const event = badEvent.regions[0]?.events[0];
    if (event) event.data.name = "EXPLODED";
    expect(refusal(JSON.stringify(badEvent))).toMatch(/regions\.0\.events\.0\.data: not a valid Event/);
  });

  it("refuses a file written by a newer format version", () => {
    const newer = { ...sample(), version: stateFileVersion + 1 };
    expect(() => parseStateFile(JSON.stringify(newer), "/data/world.json")).toThrow(
      new StateFileError(
        `state file /data/world.json was written by a newer emulator (format version ${stateFileVersion + 1}; this emulator reads version ${stateFileVersion}). Update this checkout, or choose another --state-file; the file was left untouched.`,
        "newer",
      ),
    );
  });
});

describe("persistence: --state-file through bootEmulator", () => {
  const config = (stateFile: string) => testConfig({ world: "demo", clock: "manual", stateFile });

  it("saves the demo world at start and on shutdown, and resumes it (activity included) after a restart", async () => {
    const path = join(tempDir(), "world.json");
    const first = bootEmulator({ config: config(path), logger: silentLogger, now: NOW });
    expect(first.origin).toBe("demo");
    expect(existsSync(path)).toBe(true);
    manualOfClock(first).advance(5 * minute);
    await first.shutdown();
    const saved = readStateFile(path);
    expect(saved?.virtualTimeMs).toBe(NOW + 5 * minute);

    const second = withApi(bootEmulator({ config: config(path), logger: silentLogger, now: NOW + 60 * minute }));
    expect(second.emulator.origin).toBe("restored");
    expect(second.clock.now()).toBe(NOW + 5 * minute); // a manual clock carries on from the saved time
    // The activity picks up at once, so the restored world is the saved one plus what happened since.
    for (const region of saved?.regions ?? []) {
      const store = second.store({ account: region.account, region: region.region });
      expect([...store.stages.keys()]).toEqual(region.stages.map((stage) => stage.arn));
      const now = new Map([...store.events.values()].flat().map((event) => [event.seq, event.data]));
      for (const event of region.events) expect(now.get(event.seq)).toEqual(event.data);
    }
    expect(second.emulator.demo?.shows).toHaveLength(7);
    const eventsNow = () => [...second.store(east).events.values()].reduce((sum, events) => sum + events.length, 0);
    const before = eventsNow();
    second.clock.advance(10 * minute);
    expect(eventsNow()).toBeGreaterThan(before + 100);
    const esports = [...second.store(east).stages.values()].find((stage) => stage.name === "esports-finals");
    expect(
      [...second.store(east).compositions.values()].some(
        (composition) => composition.stageArn === esports?.arn && composition.state === "ACTIVE",
      ),
    ).toBe(true);
    await second.emulator.shutdown();
  });

  it("refuses to start over a corrupt or newer file, and leaves it untouched", () => {
    const path = join(tempDir(), "world.json");
    writeFileSync(path, '{"format":"ivs-realtime-emulator-state","version":1,"regions":[');
    expect(() => bootEmulator({ config: config(path), logger: silentLogger, now: NOW })).toThrow(StateFileError);
    expect(readFileSync(path, "utf8")).toBe('{"format":"ivs-realtime-emulator-state","version":1,"regions":[');
    writeFileSync(path, JSON.stringify({ format: "ivs-realtime-emulator-state", version: 99 }));
    expect(() => bootEmulator({ config: config(path), logger: silentLogger, now: NOW })).toThrow(
      /newer emulator \(format version 99/,
    );
  });
});

function manualOfClock(emulator: ReturnType<typeof bootEmulator>) {
  return withApi(emulator).clock;
}
