import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "./http/logger";
import { testConfig } from "./http/test-server";
import { encodeRecord, journalFormat, journalPathFor, readJournal, scanJournal } from "./journal";
import { snapshotWorld, StateFileError } from "./persistence";
import { recoverState } from "./persistence-journal";
import { bootEmulator, type BootedEmulator } from "./sim/app";
import { east, minute, NOW, west, withApi } from "./sim/demo-world-test-kit";

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ivs-emulator-journal-"));
  dirs.push(dir);
  return dir;
}

const header = (generation: number) => encodeRecord(JSON.stringify({ format: journalFormat, version: 1, generation }));
const record = (n: number) => encodeRecord(JSON.stringify({ kind: "diff", n }));

describe("journal framing", () => {
  it("reads every intact record, and drops a torn last record wherever the crash cut it", () => {
    const intact = Buffer.concat([header(3), record(1), record(2)]);
    const last = record(3);
    const full = scanJournal(Buffer.concat([intact, last]), "j");
    expect(full.header?.generation).toBe(3);
    expect(full.records.map((r) => (r.payload as { n: number }).n)).toEqual([1, 2, 3]);
    expect(full.tornBytes).toBe(0);
    for (let cut = 1; cut < last.length; cut++) {
      const scanned = scanJournal(Buffer.concat([intact, last.subarray(0, cut)]), "j");
      expect(scanned.records.map((r) => (r.payload as { n: number }).n)).toEqual([1, 2]);
      expect(scanned.validEnd).toBe(intact.length);
      expect(scanned.tornBytes).toBeGreaterThan(0); // the cut part, up to its last byte that is not zero
      expect(scanned.tornBytes).toBeLessThanOrEqual(cut);
    }
  });

  it("drops a last record whose bytes are garbage or zeros (a power loss), but refuses one with records after it", () => {
    const intact = Buffer.concat([header(1), record(1)]);
    const damaged = record(2);
    damaged.writeUInt8((damaged.readUInt8(damaged.length - 2) ^ 0xff) & 0xff, damaged.length - 2);
    expect(scanJournal(Buffer.concat([intact, damaged]), "j").records).toHaveLength(1);
    const zeros = scanJournal(Buffer.concat([intact, Buffer.alloc(40)]), "j"); // preallocated space: a clean end
    expect([zeros.records.length, zeros.validEnd, zeros.tornBytes]).toEqual([1, intact.length, 0]);
    const halfWritten = damaged.subarray(0, damaged.length - 5);
    const tornThenZeros = scanJournal(Buffer.concat([intact, halfWritten, Buffer.alloc(damaged.length + 100)]), "j");
    expect([tornThenZeros.records.length, tornThenZeros.validEnd]).toEqual([1, intact.length]);
    expect(tornThenZeros.tornBytes).toBeGreaterThan(0);
    expect(() => scanJournal(Buffer.concat([intact, damaged, record(3)]), "/data/w.json.journal")).toThrow(
      new RegExp(
        `^journal /data/w\\.json\\.journal is corrupt at byte offset ${intact.length}: a record's checksum does not match`,
      ),
    );
  });

  it("refuses a file that is not a journal, and a length no record can have", () => {
    expect(() => scanJournal(record(1), "j")).toThrow(
      /corrupt at byte offset 0: it does not start with a "ivs-realtime-emulator-journal" header/,
    );
    const huge = Buffer.concat([header(1), Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]), record(2)]);
    expect(() => scanJournal(huge, "j")).toThrow(StateFileError);
  });
});

const config = (stateFile: string, world: "demo" | "empty" = "demo") =>
  testConfig({ world, clock: "manual", stateFile });

/** The regions the world holds now, as the state file would say them. */
const regionsNow = (emulator: BootedEmulator) =>
  JSON.stringify(snapshotWorld(emulator.world, { seed: 0, world: "demo", virtualTimeMs: 0, savedAtMs: 0 }).regions);

describe("journal: recovery replays exactly what was committed", () => {
  it(
    "rebuilds the world as it was at the last commit after API writes and hours of simulated activity",
    { timeout: 60_000 },
    async () => {
      const path = join(tempDir(), "world.json");
      const kit = withApi(
        bootEmulator({
          config: config(path),
          logger: silentLogger,
          now: NOW,
          flushIntervalMs: 3_600_000,
          compactBytes: 1 << 30,
        }),
      );
      const durability = kit.emulator.durability;
      expect(durability).toBeDefined();
      let committed = regionsNow(kit.emulator);
      let extensions = JSON.stringify(kit.emulator.demo?.snapshot());
      for (let step = 0; step < 30; step++) {
        const created = kit.call(step % 2 ? east : west, "CreateStage", {
          name: `journal-${step}`,
          tags: { step: String(step) },
        });
        if (step % 3 === 0 && created.stage)
          kit.call(east, "CreateParticipantToken", {
            stageArn: [...kit.store(east).stages.keys()][0] ?? "",
            userId: `u${step}`,
          });
        if (step % 5 === 4 && created.stage)
          kit.call(step % 2 ? east : west, "DeleteStage", { arn: created.stage.arn });
        kit.clock.advance(((step * 7919) % 90) * 1000 + 500); // the demo moves: joins, leaves, events, compositions
        await durability?.commit();
        committed = regionsNow(kit.emulator);
        extensions = JSON.stringify(kit.emulator.demo?.snapshot());
      }
      kit.clock.advance(5 * minute); // changed after the last commit: not durable, and not expected back
      const recovered = recoverState(path);
      expect(recovered?.journal.records).toBeGreaterThan(0);
      expect(JSON.stringify(recovered?.state.regions)).toBe(committed);
      expect(JSON.stringify(recovered?.state.extensions.demo)).toBe(extensions);
      await kit.emulator.shutdown();
    },
  );

  it(
    "compacts into a new snapshot generation and recovers across compactions and a crash between snapshot and journal",
    { timeout: 60_000 },
    async () => {
      const path = join(tempDir(), "world.json");
      const kit = withApi(
        bootEmulator({
          config: config(path, "empty"),
          logger: silentLogger,
          now: NOW,
          flushIntervalMs: 3_600_000,
          compactBytes: 4_000,
        }),
      );
      const durability = kit.emulator.durability;
      const start = durability?.generation ?? 0;
      for (let i = 0; i < 40; i++) {
        kit.call(east, "CreateStage", { name: `s${i}`, tags: { padding: "x".repeat(200) } });
        await durability?.commit();
      }
      await kit.emulator.durability?.compact(); // let a compaction the last commit scheduled finish first
      expect(durability?.generation).toBeGreaterThan(start + 1);
      kit.call(east, "CreateStage", { name: "after-compaction" });
      await durability?.commit();
      const expected = regionsNow(kit.emulator);
      expect(JSON.stringify(recoverState(path)?.state.regions)).toBe(expected);

      // A crash after the new snapshot was renamed but before its journal replaced the old one.
      const journal = readFileSync(journalPathFor(path));
      const state = JSON.parse(readFileSync(path, "utf8")) as { journalGeneration: number };
      writeFileSync(
        path,
        JSON.stringify({
          ...JSON.parse(JSON.stringify(recoverState(path)?.state)),
          journalGeneration: state.journalGeneration + 1,
        }),
      );
      expect(JSON.stringify(recoverState(path)?.state.regions)).toBe(expected);
      expect(recoverState(path)?.journal.append).toBe(false);
      writeFileSync(journalPathFor(path), journal);
      await kit.emulator.shutdown();
      expect(readdirSync(join(path, "..")).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    },
  );

  it("drops a torn tail at restart, appends after it, and loses nothing committed", { timeout: 60_000 }, async () => {
    const path = join(tempDir(), "world.json");
    const first = withApi(
      bootEmulator({ config: config(path, "empty"), logger: silentLogger, now: NOW, flushIntervalMs: 3_600_000 }),
    );
    for (let i = 0; i < 5; i++) {
      first.call(east, "CreateStage", { name: `before-${i}` });
      await first.emulator.durability?.commit();
    }
    const committed = regionsNow(first.emulator);
    const journalPath = journalPathFor(path);
    const size = readJournal(journalPath)?.validEnd ?? 0;
    first.call(east, "CreateStage", { name: "torn" });
    await first.emulator.durability?.commit();
    // The crash cut the last append short: its last bytes never made it (zeros, as preallocated).
    const bytes = readFileSync(journalPath);
    const end = readJournal(journalPath)?.validEnd ?? 0;
    bytes.fill(0, end - 3, end);
    writeFileSync(journalPath, bytes);
    // (the first process is abandoned here, like a killed one)

    const second = withApi(
      bootEmulator({
        config: config(path, "empty"),
        logger: silentLogger,
        now: NOW + minute,
        flushIntervalMs: 3_600_000,
      }),
    );
    expect(regionsNow(second.emulator)).toBe(committed);
    expect(readJournal(journalPath)?.validEnd).toBe(size); // the torn record is gone before anything is appended
    expect(readJournal(journalPath)?.tornBytes).toBe(0);
    second.call(east, "CreateStage", { name: "after-restart" });
    await second.emulator.durability?.commit();
    const names = recoverState(path)?.state.regions.flatMap((region) => region.stages.map((stage) => stage.name));
    expect(names).toEqual(["before-0", "before-1", "before-2", "before-3", "before-4", "after-restart"]);
    await second.emulator.shutdown();
    await first.emulator.durability?.close().catch(() => undefined);
  });
});

describe("journal: changes made in place or by resetting a region", () => {
  it(
    "journals a token revoked in place, a region reset and made again, and a dropped region",
    { timeout: 60_000 },
    async () => {
      const path = join(tempDir(), "world.json");
      const kit = withApi(
        bootEmulator({ config: config(path, "empty"), logger: silentLogger, now: NOW, flushIntervalMs: 3_600_000 }),
      );
      const stage = kit.call(east, "CreateStage", { name: "revocations" }).stage;
      const minted = kit.call(east, "CreateParticipantToken", {
        stageArn: stage?.arn ?? "",
        userId: "never-joined",
      }).participantToken;
      kit.call(west, "CreateStage", { name: "west-before-reset" });
      await kit.emulator.durability?.commit();
      // DisconnectParticipant on a token that never joined changes nothing but the token's `revoked` flag.
      kit.call(east, "DisconnectParticipant", {
        stageArn: stage?.arn ?? "",
        participantId: minted?.participantId ?? "",
      });
      await kit.emulator.durability?.commit();
      const revoked = recoverState(path)
        ?.state.regions.find((r) => r.region === "us-east-1")
        ?.tokens.find((t) => t.participantId === minted?.participantId);
      expect(revoked?.revoked).toBe(true);

      kit.emulator.world.reset(west); // the control API's reset: a new, empty store for the region
      kit.call(west, "CreateStage", { name: "west-after-reset" });
      await kit.emulator.durability?.commit();
      expect(JSON.stringify(recoverState(path)?.state.regions)).toBe(regionsNow(kit.emulator));
      expect(
        recoverState(path)
          ?.state.regions.find((r) => r.region === "us-west-2")
          ?.stages.map((s) => s.name),
      ).toEqual(["west-after-reset"]);

      kit.emulator.world.reset(west); // and forgotten for good
      await kit.emulator.durability?.commit();
      expect(recoverState(path)?.state.regions.map((r) => r.region)).toEqual(["us-east-1"]);
      await kit.emulator.shutdown();
    },
  );
});

describe("journal: refusals leave everything untouched", () => {
  it(
    "refuses a corrupt journal record that is not the last one, naming the file and the offset",
    { timeout: 60_000 },
    async () => {
      const path = join(tempDir(), "world.json");
      const kit = withApi(
        bootEmulator({ config: config(path, "empty"), logger: silentLogger, now: NOW, flushIntervalMs: 3_600_000 }),
      );
      const journalPath = journalPathFor(path);
      const offsets: number[] = [];
      for (let i = 0; i < 3; i++) {
        offsets.push(readJournal(journalPath)?.validEnd ?? 0);
        kit.call(west, "CreateStage", { name: `w${i}` });
        await kit.emulator.durability?.commit();
      }
      await kit.emulator.server.close();
      const bytes = readFileSync(journalPath);
      const at = (offsets[1] ?? 0) + 20;
      bytes.writeUInt8(bytes.readUInt8(at) ^ 0x20, at);
      writeFileSync(journalPath, bytes);
      const before = { state: readFileSync(path), journal: readFileSync(journalPath) };
      expect(() => bootEmulator({ config: config(path, "empty"), logger: silentLogger, now: NOW })).toThrow(
        `journal ${journalPath} is corrupt at byte offset ${offsets[1]}: a record's checksum does not match its content, and more records follow it`,
      );
      expect(readFileSync(path).equals(before.state)).toBe(true);
      expect(readFileSync(journalPath).equals(before.journal)).toBe(true); // (Buffer#equals: a deep compare of MiBs of zeros crawls)
    },
  );

  it("refuses a corrupt snapshot with its byte offset, and a journal without its state file", () => {
    const dir = tempDir();
    const path = join(dir, "world.json");
    const text = '{"format":"ivs-realtime-emulator-state","version":1,"regions":[}';
    writeFileSync(path, text);
    expect(() => recoverState(path)).toThrow(
      `state file ${path} is not usable: it is not valid JSON at byte offset ${text.length - 1} (`,
    );
    rmSync(path);
    writeFileSync(journalPathFor(path), header(1));
    expect(() => recoverState(path)).toThrow(/exists but its state file .* does not/);
    expect(existsSync(path)).toBe(false);
  });
});
