import type { EventRecord, ParticipantRecord, RegionStore, World } from "./world/store";

/**
 * What a journal record holds: the effects, not the causes. The world changes through API requests, the
 * control API and the simulation's timers (the virtual clock), with random draws in between; replaying causes
 * would need all of that to happen again in the same order. Instead each record is the difference between the
 * world as the previous record left it and the world when the record was taken: every record added, changed
 * or removed, in the state file's own form. Replaying a snapshot plus its records therefore rebuilds exactly
 * the world as it was when the last record was taken, whatever moved it.
 *
 * `WorldMirror` remembers, per record, what the journal last said about it; `diff()` compares the live world
 * with it. Records the type system makes immutable (configurations, keys, events, idempotency entries) are
 * compared by identity; a token by identity and its `revoked` flag; every other record by its JSON.
 */

export const journalKinds = [
  "stages",
  "sessions",
  "participants",
  "tokens",
  "compositions",
  "encoderConfigurations",
  "storageConfigurations",
  "ingestConfigurations",
  "publicKeys",
  "tags",
  "replicas",
  "idempotency",
] as const;
export type JournalKind = (typeof journalKinds)[number];

type Fingerprint = "json" | "identity" | "token";

interface KindSpec {
  /** The live records of a store, by key. */
  entries(store: RegionStore): Iterable<readonly [string, unknown]>;
  /** A live record in the state file's form. */
  saved(key: string, record: unknown): unknown;
  /** The key of a record in the state file's form. */
  keyOf(saved: Record<string, unknown>): string;
  readonly fingerprint: Fingerprint;
}

export const savedParticipant = (participant: ParticipantRecord) => ({
  seq: participant.seq,
  stageArn: participant.stageArn,
  sessionId: participant.sessionId,
  data: participant.data,
  publishing: participant.publishing,
  subscriptions: [...participant.subscriptions],
});

const str = (value: unknown): string => (typeof value === "string" ? value : String(value));
const byArn: Pick<KindSpec, "saved" | "keyOf"> = { saved: (_key, record) => record, keyOf: (saved) => str(saved.arn) };

export const kindSpecs: Readonly<Record<JournalKind, KindSpec>> = {
  stages: { ...byArn, entries: (store) => store.stages, fingerprint: "json" },
  sessions: { entries: (store) => store.sessions, saved: (_key, record) => record, keyOf: (saved) => str(saved.sessionId), fingerprint: "json" },
  participants: {
    entries: (store) => store.participants,
    saved: (_key, record) => savedParticipant(record as ParticipantRecord),
    keyOf: (saved) => `${str(saved.sessionId)}/${str((saved.data as Record<string, unknown> | undefined)?.participantId)}`,
    fingerprint: "json",
  },
  tokens: { entries: (store) => store.tokens, saved: (_key, record) => record, keyOf: (saved) => str(saved.participantId), fingerprint: "token" },
  compositions: { ...byArn, entries: (store) => store.compositions, fingerprint: "json" },
  encoderConfigurations: { ...byArn, entries: (store) => store.encoderConfigurations, fingerprint: "identity" },
  storageConfigurations: { ...byArn, entries: (store) => store.storageConfigurations, fingerprint: "identity" },
  ingestConfigurations: { ...byArn, entries: (store) => store.ingestConfigurations, fingerprint: "json" },
  publicKeys: { ...byArn, entries: (store) => store.publicKeys, fingerprint: "identity" },
  tags: { entries: (store) => store.tags, saved: (arn, tags) => ({ arn, tags }), keyOf: (saved) => str(saved.arn), fingerprint: "json" },
  replicas: {
    entries: (store) => store.replicas.map((replica) => [String(replica.seq), replica] as const),
    saved: (_key, record) => record,
    keyOf: (saved) => str(saved.seq),
    fingerprint: "json",
  },
  idempotency: {
    entries: (store) => store.idempotency,
    saved: (token, entry) => ({ token, ...(entry as object) }),
    keyOf: (saved) => str(saved.token),
    fingerprint: "identity",
  },
};

/** One region's changes. `events`: per session, records appended, or the whole list when it changed otherwise. */
export interface RegionDiff {
  readonly account: string;
  readonly region: string;
  readonly lastSeq: number;
  readonly put: Partial<Record<JournalKind, unknown[]>>;
  readonly del: Partial<Record<JournalKind, string[]>>;
  readonly events: { readonly append: Record<string, unknown[]>; readonly replace: Record<string, unknown[]>; readonly del: string[] };
}

/** One journal record. */
export interface WorldDiff {
  readonly kind: "diff";
  /** The world clock when the record was taken. */
  readonly virtualTimeMs: number;
  readonly regions: RegionDiff[];
  /** Regions (`account/region`) forgotten (a reset through the control API). */
  readonly dropped: string[];
  /** The extensions' state, when it changed. */
  readonly extensions?: Record<string, unknown>;
}

interface Entry {
  ref: unknown;
  fp: string | undefined;
}

interface RegionMirror {
  lastSeq: number;
  readonly kinds: Record<JournalKind, Map<string, Entry>>;
  readonly events: Map<string, { length: number; last: EventRecord | undefined }>;
}

const regionKey = (store: RegionStore) => `${store.scope.account}/${store.scope.region}`;

function fingerprint(kind: Fingerprint, saved: () => unknown, record: unknown): string | undefined {
  if (kind === "identity") return undefined;
  if (kind === "token") return (record as { revoked: boolean }).revoked ? "revoked" : "valid";
  return JSON.stringify(saved());
}

const emptyKinds = (): Record<JournalKind, Map<string, Entry>> =>
  Object.fromEntries(journalKinds.map((kind) => [kind, new Map<string, Entry>()])) as Record<JournalKind, Map<string, Entry>>;

export interface WorldMirror {
  /** The changes since the last call (or since the mirror was made), or `undefined` when there are none. */
  diff(virtualTimeMs: number, extensions: Record<string, unknown>): WorldDiff | undefined;
}

/** A mirror of `world` as it is now (what the snapshot or the journal on disk already says). */
export function createWorldMirror(world: World, extensions: Record<string, unknown>): WorldMirror {
  const regions = new Map<string, RegionMirror>();
  let extensionsJson = JSON.stringify(extensions);

  const diffRegion = (store: RegionStore, mirror: RegionMirror): RegionDiff | undefined => {
    const put: Partial<Record<JournalKind, unknown[]>> = {};
    const del: Partial<Record<JournalKind, string[]>> = {};
    let changed = store.lastSeq !== mirror.lastSeq;
    for (const kind of journalKinds) {
      const spec = kindSpecs[kind];
      const known = mirror.kinds[kind];
      const seen = new Set<string>();
      for (const [key, record] of spec.entries(store)) {
        seen.add(key);
        const entry = known.get(key);
        const saved = () => spec.saved(key, record);
        if (entry && entry.ref === record && spec.fingerprint === "identity") continue;
        const fp = fingerprint(spec.fingerprint, saved, record);
        if (entry && entry.ref === record && entry.fp === fp) continue;
        if (entry && spec.fingerprint === "json" && entry.fp === fp) {
          entry.ref = record;
          continue;
        }
        known.set(key, { ref: record, fp });
        (put[kind] ??= []).push(spec.fingerprint === "json" && fp !== undefined ? (JSON.parse(fp) as unknown) : saved());
        changed = true;
      }
      if (seen.size !== known.size) {
        for (const key of known.keys()) {
          if (seen.has(key)) continue;
          known.delete(key);
          (del[kind] ??= []).push(key);
          changed = true;
        }
      }
    }
    const events: RegionDiff["events"] = { append: {}, replace: {}, del: [] };
    for (const [sessionId, list] of store.events) {
      const known = mirror.events.get(sessionId);
      const last = list[list.length - 1];
      if (known && known.length === list.length && known.last === last) continue;
      if (known && list.length > known.length && (known.length === 0 || list[known.length - 1] === known.last)) {
        events.append[sessionId] = list.slice(known.length);
      } else {
        events.replace[sessionId] = [...list];
      }
      mirror.events.set(sessionId, { length: list.length, last });
      changed = true;
    }
    if (mirror.events.size !== store.events.size) {
      for (const sessionId of mirror.events.keys()) {
        if (store.events.has(sessionId)) continue;
        mirror.events.delete(sessionId);
        events.del.push(sessionId);
        changed = true;
      }
    }
    mirror.lastSeq = store.lastSeq;
    return changed ? { account: store.scope.account, region: store.scope.region, lastSeq: store.lastSeq, put, del, events } : undefined;
  };

  const diff = (virtualTimeMs: number, nextExtensions: Record<string, unknown>): WorldDiff | undefined => {
    const changes: RegionDiff[] = [];
    const live = new Set<string>();
    for (const store of world.regions()) {
      const key = regionKey(store);
      live.add(key);
      let mirror = regions.get(key);
      if (!mirror) {
        mirror = { lastSeq: -1, kinds: emptyKinds(), events: new Map() };
        regions.set(key, mirror);
      }
      const change = diffRegion(store, mirror);
      if (change) changes.push(change);
    }
    const dropped = [...regions.keys()].filter((key) => !live.has(key));
    for (const key of dropped) regions.delete(key);
    const json = JSON.stringify(nextExtensions);
    const extensionsChanged = json !== extensionsJson;
    extensionsJson = json;
    if (changes.length === 0 && dropped.length === 0 && !extensionsChanged) return undefined;
    return { kind: "diff", virtualTimeMs, regions: changes, dropped, ...(extensionsChanged ? { extensions: nextExtensions } : {}) };
  };

  diff(0, extensions); // learn the world as it is
  return { diff };
}

// ---- replay: a state file's plain data plus records --------------------------------------------------------------

type Plain = Record<string, unknown>;

interface KeyedRegion {
  readonly head: Plain;
  readonly kinds: Record<JournalKind, Map<string, unknown>>;
  readonly events: Map<string, unknown[]>;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asPlain = (value: unknown): Plain => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Plain) : {});

function keyRegion(region: Plain): KeyedRegion {
  const kinds = Object.fromEntries(
    journalKinds.map((kind) => [kind, new Map(asArray(region[kind]).map((item) => [kindSpecs[kind].keyOf(asPlain(item)), item]))]),
  ) as Record<JournalKind, Map<string, unknown>>;
  const events = new Map<string, unknown[]>();
  for (const session of asArray(region.sessions)) events.set(str(asPlain(session).sessionId), []);
  for (const event of asArray(region.events)) {
    const sessionId = str(asPlain(event).sessionId);
    const list = events.get(sessionId) ?? [];
    list.push(event);
    events.set(sessionId, list);
  }
  return { head: { account: region.account, region: region.region, lastSeq: region.lastSeq }, kinds, events };
}

function unkeyRegion(keyed: KeyedRegion): Plain {
  const region: Plain = { ...keyed.head };
  for (const kind of journalKinds) {
    region[kind] = [...keyed.kinds[kind].values()];
    if (kind === "participants") region.events = [...keyed.events.values()].flat();
  }
  return region;
}

/**
 * Applies journal records to a state file's plain data (`state` is changed in place). The result still has to
 * pass the state file's checks; a record that is not a diff throws what `onError` makes of its offset.
 */
export function replayRecords(state: Plain, records: readonly { readonly payload: unknown; readonly offset: number }[], onError: (offset: number, why: string) => Error): void {
  const regions = new Map<string, KeyedRegion>();
  for (const region of asArray(state.regions)) {
    const plain = asPlain(region);
    regions.set(`${str(plain.account)}/${str(plain.region)}`, keyRegion(plain));
  }
  for (const { payload, offset } of records) {
    const record = asPlain(payload);
    if (record.kind !== "diff" || typeof record.virtualTimeMs !== "number" || !Array.isArray(record.regions) || !Array.isArray(record.dropped)) {
      throw onError(offset, "a record is not a world diff");
    }
    for (const key of record.dropped) regions.delete(str(key));
    for (const change of record.regions as unknown[]) {
      const diff = asPlain(change);
      const key = `${str(diff.account)}/${str(diff.region)}`;
      let region = regions.get(key);
      if (!region) {
        region = keyRegion({ account: diff.account, region: diff.region, lastSeq: 0 });
        regions.set(key, region);
      }
      region.head.lastSeq = diff.lastSeq;
      const put = asPlain(diff.put);
      const del = asPlain(diff.del);
      for (const kind of journalKinds) {
        const map = region.kinds[kind];
        for (const removed of asArray(del[kind])) map.delete(str(removed));
        for (const item of asArray(put[kind])) map.set(kindSpecs[kind].keyOf(asPlain(item)), item);
      }
      const events = asPlain(diff.events);
      for (const sessionId of asArray(events.del)) region.events.delete(str(sessionId));
      for (const [sessionId, list] of Object.entries(asPlain(events.replace))) region.events.set(sessionId, asArray(list));
      for (const [sessionId, list] of Object.entries(asPlain(events.append))) {
        region.events.set(sessionId, [...(region.events.get(sessionId) ?? []), ...asArray(list)]);
      }
    }
    state.virtualTimeMs = Math.max(Number(state.virtualTimeMs), record.virtualTimeMs);
    if (record.extensions !== undefined) state.extensions = asPlain(record.extensions);
  }
  state.regions = [...regions.values()].map(unkeyRegion);
}
