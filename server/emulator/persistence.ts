import { readFileSync, writeSync } from "node:fs";
import type { z } from "zod";
import type { WorldMode } from "./config";
import { writeFileAtomically } from "./journal";
import { kindSpecs } from "./journal-diff";
import { StateFileError } from "./persistence-errors";
import { stateFileSchema } from "./persistence-schema";
import { createRandom } from "./world/random";
import {
  createWorld,
  participantKey,
  type CompositionRecord,
  type EncoderConfigurationRecord,
  type EventRecord,
  type IngestConfigurationRecord,
  type IssuedTokenRecord,
  type ParticipantRecord,
  type PublicKeyRecord,
  type RegionStore,
  type ReplicaRecord,
  type SessionRecord,
  type StageRecord,
  type StorageConfigurationRecord,
  type World,
} from "./world/store";

/**
 * `--state-file`: the world survives a restart.
 *
 * What is saved: every account and region's store (stages, sessions, participants with their subscriptions,
 * events, issued tokens, compositions, encoder / storage / ingest configurations, public keys, tags,
 * replications, StartComposition idempotency tokens, the sequence counter), the world secret (so saved
 * participant tokens and page tokens stay valid), the world clock, the seed, and the state of extensions
 * (the demo activity). Not saved: injected faults, rate-limit buckets, and pending timers; timers are derived
 * again from the saved timestamps and states (persistence-resume.ts).
 *
 * The file is JSON with a format marker and a version. Reading refuses, with a `StateFileError` and never by
 * starting empty: a file that is not JSON (with the byte offset where it breaks) or not a state file, a file whose
 * content does not match the format, and a file written by a newer format version. Writing is atomic: a
 * temporary file in the same directory, flushed to disk, then renamed over the old one, so a crash leaves either
 * the old or the new file. Between two snapshots, the journal (persistence-journal.ts) makes every acknowledged
 * write durable.
 */

export const stateFileFormat = "ivs-realtime-emulator-state";
export const stateFileVersion = 1;

export type StateFile = z.infer<typeof stateFileSchema>;
type RegionSnapshot = StateFile["regions"][number];

export { StateFileError };

// ---- world → file ----------------------------------------------------------------------------------------------

/** One store as plain data. Records are shared, not copied: serialize the result before the world moves on. */
function regionSnapshot(store: RegionStore): RegionSnapshot {
  const saved = (kind: keyof typeof kindSpecs) =>
    [...kindSpecs[kind].entries(store)].map(([key, record]) => kindSpecs[kind].saved(key, record));
  // The journal (journal-diff.ts) saves records in exactly this form; the schema checks them when they are read.
  return {
    account: store.scope.account,
    region: store.scope.region,
    lastSeq: store.lastSeq,
    stages: saved("stages"),
    sessions: saved("sessions"),
    participants: saved("participants"),
    events: [...store.events.values()].flat(),
    tokens: saved("tokens"),
    compositions: saved("compositions"),
    encoderConfigurations: saved("encoderConfigurations"),
    storageConfigurations: saved("storageConfigurations"),
    ingestConfigurations: saved("ingestConfigurations"),
    publicKeys: saved("publicKeys"),
    tags: saved("tags"),
    replicas: saved("replicas"),
    idempotency: saved("idempotency"),
  } as RegionSnapshot;
}

export interface SnapshotMeta {
  readonly seed: number | string;
  readonly world: WorldMode;
  /** The world clock now. */
  readonly virtualTimeMs: number;
  /** Real time (for the file's `savedAt`). */
  readonly savedAtMs: number;
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** The generation of the journal that continues this snapshot (persistence-journal.ts). */
  readonly journalGeneration?: number;
}

/** Everything the world holds, as a state file (sharing the world's records: serialize it at once). */
export function snapshotWorld(world: World, meta: SnapshotMeta): StateFile {
  return {
    format: stateFileFormat,
    version: stateFileVersion,
    savedAt: new Date(meta.savedAtMs).toISOString(),
    virtualTimeMs: meta.virtualTimeMs,
    seed: meta.seed,
    world: meta.world,
    secret: Buffer.from(world.secret).toString("base64"),
    regions: world.regions().map(regionSnapshot),
    extensions: { ...meta.extensions },
    ...(meta.journalGeneration !== undefined ? { journalGeneration: meta.journalGeneration } : {}),
  };
}

// ---- file → checked snapshot ------------------------------------------------------------------------------------

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const corruptState = (path: string) => (why: string) =>
  new StateFileError(
    `state file ${path} is not usable: ${why}. The emulator will not start over it; move it away (or choose another --state-file) to start with a new world.`,
    "corrupt",
  );

/**
 * Byte offset of the first syntax error in `text` (run only after JSON.parse failed: V8's messages do not always
 * give a position). A plain recursive-descent scan of the JSON grammar.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
  };
  const fail = (): never => {
    throw new RangeError(String(i));
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[i] !== char) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? "")) fail();
          }
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!match) fail();
    i += match?.[0].length ?? 0;
  };
  const value = (): void => {
    ws();
    const char = text[i];
    if (char === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    }
    if (char === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    }
    if (char === '"') return string();
    if (char === "t") return literal("true");
    if (char === "f") return literal("false");
    if (char === "n") return literal("null");
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return number();
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return Buffer.byteLength(text.slice(0, Math.min(i, text.length)), "utf8");
}

/** A state file's text as JSON; throws `StateFileError` (corrupt) naming `path` and the byte offset where it breaks. */
export function parseStateText(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw corruptState(path)(
      `it is not valid JSON at byte offset ${jsonErrorOffset(text)} (${error instanceof Error ? error.message : String(error)}); it may have been truncated or edited`,
    );
  }
}

/** Checks a state file's text; throws `StateFileError` (corrupt / newer) with a message naming `path`. */
export function parseStateFile(text: string, path: string): StateFile {
  return checkStateJson(parseStateText(text, path), path);
}

/** Checks a state file's parsed content (the snapshot, or the snapshot with its journal replayed). */
export function checkStateJson(json: unknown, path: string, after = ""): StateFile {
  const corrupt = (why: string) => corruptState(path)(`${why}${after}`);
  if (!isRecord(json) || json.format !== stateFileFormat) {
    throw corrupt(`it is not an IVS Real-Time emulator state file (no "format": "${stateFileFormat}" marker)`);
  }
  const version = json.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw corrupt(`its format version ${JSON.stringify(version)} is not a positive integer`);
  }
  if (version > stateFileVersion) {
    throw new StateFileError(
      `state file ${path} was written by a newer emulator (format version ${version}; this emulator reads version ${stateFileVersion}). Update this checkout, or choose another --state-file; the file was left untouched.`,
      "newer",
    );
  }
  const parsed = stateFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join(".") || "(top level)" : "(unknown)";
    throw corrupt(
      `its content does not match format version ${stateFileVersion} at ${where}: ${issue?.message ?? "invalid"}`,
    );
  }
  checkConsistency(parsed.data, corrupt);
  // The checked JSON itself rather than zod's copy: same values, and every record keeps its member order.
  return json as StateFile;
}

/** Cross-record rules the schema cannot express: sequence numbers and references between records. */
function checkConsistency(state: StateFile, corrupt: (why: string) => StateFileError): void {
  const seen = new Set<string>();
  for (const region of state.regions) {
    const where = `${region.account}/${region.region}`;
    if (seen.has(where)) throw corrupt(`region ${where} appears twice`);
    seen.add(where);
    const sessions = new Set(region.sessions.map((session) => session.sessionId));
    const records: readonly { readonly seq: number }[][] = [
      region.stages,
      region.sessions,
      region.participants,
      region.events,
      region.tokens,
      region.compositions,
      region.encoderConfigurations,
      region.storageConfigurations,
      region.ingestConfigurations,
      region.publicKeys,
      region.replicas,
    ];
    const maxSeq = Math.max(0, ...records.flat().map((record) => record.seq));
    if (maxSeq > region.lastSeq)
      throw corrupt(`in ${where}, a record has sequence number ${maxSeq} above lastSeq ${region.lastSeq}`);
    for (const stage of region.stages) {
      if (stage.activeSessionId !== undefined && !sessions.has(stage.activeSessionId)) {
        throw corrupt(
          `in ${where}, stage ${stage.arn} has an active session ${stage.activeSessionId} that is not in the file`,
        );
      }
    }
    for (const item of [...region.participants, ...region.events]) {
      if (!sessions.has(item.sessionId))
        throw corrupt(
          `in ${where}, a participant or event refers to session ${item.sessionId}, which is not in the file`,
        );
    }
  }
}

/** Reads and checks a state file; `undefined` when there is none (a first start). */
export function readStateFile(path: string): StateFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(
      `cannot read state file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      "unreadable",
    );
  }
  return parseStateFile(text, path);
}

/** Writes `text` to `path` atomically (temporary file in the same directory, fsync, rename); creates the directory. */
export function writeFileAtomic(path: string, text: string): void {
  writeFileAtomically(path, "state file", (fd) => writeSync(fd, text));
}

// ---- snapshot → world -----------------------------------------------------------------------------------------

export interface RestoreOptions {
  /** The world clock (it should start at or after `state.virtualTimeMs`). */
  readonly clock: { now(): number };
  readonly enforceQuotas: boolean;
}

function restoreRegion(store: RegionStore, snapshot: RegionSnapshot): void {
  // The schema checked every member these records have; the casts name the record types it checked for.
  store.lastSeq = snapshot.lastSeq;
  for (const stage of snapshot.stages as StageRecord[]) store.stages.set(stage.arn, stage);
  for (const session of snapshot.sessions as SessionRecord[]) {
    store.sessions.set(session.sessionId, session);
    store.events.set(session.sessionId, []);
  }
  for (const saved of snapshot.participants) {
    const participant: ParticipantRecord = {
      seq: saved.seq,
      stageArn: saved.stageArn,
      sessionId: saved.sessionId,
      data: saved.data as ParticipantRecord["data"],
      publishing: saved.publishing,
      subscriptions: new Set(saved.subscriptions),
    };
    store.participants.set(participantKey(participant.sessionId, participant.data.participantId), participant);
  }
  for (const event of snapshot.events as EventRecord[]) store.events.get(event.sessionId)?.push(event);
  for (const token of snapshot.tokens as IssuedTokenRecord[]) store.tokens.set(token.participantId, token);
  for (const composition of snapshot.compositions as CompositionRecord[])
    store.compositions.set(composition.arn, composition);
  for (const config of snapshot.encoderConfigurations as EncoderConfigurationRecord[])
    store.encoderConfigurations.set(config.arn, config);
  for (const config of snapshot.storageConfigurations as StorageConfigurationRecord[])
    store.storageConfigurations.set(config.arn, config);
  for (const config of snapshot.ingestConfigurations as IngestConfigurationRecord[])
    store.ingestConfigurations.set(config.arn, config);
  for (const key of snapshot.publicKeys as PublicKeyRecord[]) store.publicKeys.set(key.arn, key);
  for (const { arn, tags } of snapshot.tags) store.tags.set(arn, tags);
  store.replicas.push(...(snapshot.replicas as ReplicaRecord[]));
  for (const { token, inputJson, compositionArn } of snapshot.idempotency)
    store.idempotency.set(token, { inputJson, compositionArn });
}

/**
 * A world holding exactly what the file holds. Its secret is the saved one; its random source is seeded
 * afresh (from the seed and the saved time), so new ids do not repeat those of the first run.
 */
export function restoreWorld(saved: StateFile, options: RestoreOptions): World {
  const state = structuredClone(saved); // the world owns its records from here on
  const world = createWorld({
    clock: options.clock,
    random: createRandom(`${state.seed}/restored/${state.virtualTimeMs}`),
    secret: new Uint8Array(Buffer.from(state.secret, "base64")),
    enforceQuotas: options.enforceQuotas,
  });
  for (const snapshot of state.regions)
    restoreRegion(world.region({ account: snapshot.account, region: snapshot.region }), snapshot);
  return world;
}
