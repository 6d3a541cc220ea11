import type { EventRecord, IssuedTokenRecord, ParticipantRecord, RegionStore, World } from "./world/store";

/**
 * What a journal record holds: the effects, not the causes. The world changes through API requests, the
 * control API and the simulation's timers (the virtual clock), with random draws in between; replaying causes
 * would need all of that to happen again in the same order. Instead each record is the difference between the
 * world as the previous record left it and the world when the record was taken: every record added, changed
 * or removed, in the state file's own form. Replaying a snapshot plus its records therefore rebuilds exactly
 * the world as it was when the last record was taken, whatever moved it.
 *
 * `WorldMirror` remembers, per record, what the journal last said about it; `diff()` compares the live world
 * with it at the cost of what changed, not of the world's size: the store's Maps report which keys were set or
 * deleted, a token reports its revocation, events are compared per session by length and last record, and
 * only records that are changed in place elsewhere (stages, sessions, participants, compositions, ingest
 * configurations, replicas) are compared by their JSON.
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

/**
 * How changes to a kind of record are found. Every kind lives in a Map whose `set` / `delete` / `clear` the
 * mirror instruments (records added, replaced or removed); records that are also changed in place are checked
 * on top of that: `json` ones by comparing their JSON, tokens by their `revoked` flag (the only member that
 * changes in place). `identity` records never change in place (their types are readonly).
 */
type Fingerprint = "json" | "identity" | "token";

interface KindSpec {
  /** The Map of a store holding these records (by key); absent for replicas, which are an array. */
  map?(store: RegionStore): Map<string, unknown>;
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
const asIs = (_key: string, record: unknown) => record;
const arnOf = (saved: Record<string, unknown>) => str(saved.arn);

function inMap<K extends Exclude<keyof RegionStore, "replicas">>(field: K): Pick<KindSpec, "map" | "entries"> {
  const map = (store: RegionStore) => store[field] as unknown as Map<string, unknown>;
  return { map, entries: map };
}

export const kindSpecs: Readonly<Record<JournalKind, KindSpec>> = {
  stages: { ...inMap("stages"), saved: asIs, keyOf: arnOf, fingerprint: "json" },
  sessions: { ...inMap("sessions"), saved: asIs, keyOf: (saved) => str(saved.sessionId), fingerprint: "json" },
  participants: {
    ...inMap("participants"),
    saved: (_key, record) => savedParticipant(record as ParticipantRecord),
    keyOf: (saved) =>
      `${str(saved.sessionId)}/${str((saved.data as Record<string, unknown> | undefined)?.participantId)}`,
    fingerprint: "json",
  },
  tokens: { ...inMap("tokens"), saved: asIs, keyOf: (saved) => str(saved.participantId), fingerprint: "token" },
  compositions: { ...inMap("compositions"), saved: asIs, keyOf: arnOf, fingerprint: "json" },
  encoderConfigurations: { ...inMap("encoderConfigurations"), saved: asIs, keyOf: arnOf, fingerprint: "identity" },
  storageConfigurations: { ...inMap("storageConfigurations"), saved: asIs, keyOf: arnOf, fingerprint: "identity" },
  ingestConfigurations: { ...inMap("ingestConfigurations"), saved: asIs, keyOf: arnOf, fingerprint: "json" },
  publicKeys: { ...inMap("publicKeys"), saved: asIs, keyOf: arnOf, fingerprint: "identity" },
  tags: { ...inMap("tags"), saved: (arn, tags) => ({ arn, tags }), keyOf: arnOf, fingerprint: "identity" },
  replicas: {
    entries: (store) => store.replicas.map((replica) => [String(replica.seq), replica] as const),
    saved: asIs,
    keyOf: (saved) => str(saved.seq),
    fingerprint: "json",
  },
  idempotency: {
    ...inMap("idempotency"),
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
  readonly events: {
    readonly append: Record<string, unknown[]>;
    readonly replace: Record<string, unknown[]>;
    readonly del: string[];
  };
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
  /** The record's JSON, for `json` kinds. */
  json: string | undefined;
}

interface KindMirror {
  readonly known: Map<string, Entry>;
  /** Keys `set`, `delete`d or `clear`ed (or tokens revoked) since the last diff (Map kinds). */
  readonly touched: Set<string> | undefined;
}

interface RegionMirror {
  readonly store: RegionStore;
  lastSeq: number;
  readonly kinds: Record<JournalKind, KindMirror>;
  readonly events: Map<string, { length: number; last: EventRecord | undefined }>;
}

const regionKey = (store: RegionStore) => `${store.scope.account}/${store.scope.region}`;

/** Records every key `set`, `delete`d or `clear`ed on `map` from now on (instance methods shadow Map's own). */
function instrument(map: Map<string, unknown>): Set<string> {
  const touched = new Set<string>(map.keys()); // everything there now is news to a new mirror
  const set = map.set.bind(map);
  const remove = map.delete.bind(map);
  const clear = map.clear.bind(map);
  Object.defineProperties(map, {
    set: { configurable: true, value: (key: string, value: unknown) => (touched.add(key), set(key, value)) },
    delete: { configurable: true, value: (key: string) => (touched.add(key), remove(key)) },
    clear: { configurable: true, value: () => (map.forEach((_value, key) => touched.add(key)), clear()) },
  });
  return touched;
}

/**
 * A token's `revoked` flag is the one member of an otherwise immutable record that changes in place
 * (DisconnectParticipant, DeleteStage): it becomes an accessor that reports the change, so finding revocations
 * costs nothing per diff however many tokens there are. Serialisation is unchanged (an enumerable accessor in
 * the same place).
 */
const revocationWatchers = new WeakMap<IssuedTokenRecord, (() => void)[]>();

function watchRevocation(token: IssuedTokenRecord, key: string, touched: Set<string>): void {
  if (token.revoked) return; // revocation is final
  const report = () => touched.add(key);
  const watchers = revocationWatchers.get(token);
  if (watchers) {
    watchers.push(report); // another mirror of the same world (tests)
    return;
  }
  const list = [report];
  revocationWatchers.set(token, list);
  let revoked: boolean = token.revoked;
  Object.defineProperty(token, "revoked", {
    enumerable: true,
    configurable: true,
    get: () => revoked,
    set: (value: boolean) => {
      if (value !== revoked) for (const watcher of list) watcher();
      revoked = value;
    },
  });
}

function mirrorRegion(store: RegionStore): RegionMirror {
  const kinds = Object.fromEntries(
    journalKinds.map((kind) => {
      const map = kindSpecs[kind].map?.(store);
      return [kind, { known: new Map<string, Entry>(), touched: map ? instrument(map) : undefined }];
    }),
  ) as Record<JournalKind, KindMirror>;
  return { store, lastSeq: -1, kinds, events: new Map() };
}

export interface WorldMirror {
  /** The changes since the last call (or since the mirror was made), or `undefined` when there are none. */
  diff(virtualTimeMs: number, extensions: Record<string, unknown>): WorldDiff | undefined;
}

/** A mirror of `world` as it is now (what the snapshot or the journal on disk already says). */
export function createWorldMirror(world: World, extensions: Record<string, unknown>): WorldMirror {
  const regions = new Map<string, RegionMirror>();
  let extensionsJson = JSON.stringify(extensions);

  const diffKind = (
    store: RegionStore,
    kind: JournalKind,
    mirror: KindMirror,
    put: Partial<Record<JournalKind, unknown[]>>,
    del: Partial<Record<JournalKind, string[]>>,
  ): boolean => {
    const spec = kindSpecs[kind];
    const { known } = mirror;
    let changed = false;
    const emit = (key: string, record: unknown) => {
      const saved = spec.saved(key, record);
      const json = spec.fingerprint === "json" ? JSON.stringify(saved) : undefined;
      const entry = known.get(key);
      if (
        entry &&
        entry.ref === record &&
        spec.fingerprint !== "token" &&
        (spec.fingerprint !== "json" || entry.json === json)
      )
        return;
      if (entry && spec.fingerprint === "json" && entry.json === json) {
        entry.ref = record;
        return;
      }
      known.set(key, { ref: record, json });
      (put[kind] ??= []).push(json === undefined ? saved : (JSON.parse(json) as unknown));
      if (spec.fingerprint === "token" && mirror.touched)
        watchRevocation(record as IssuedTokenRecord, key, mirror.touched);
      changed = true;
    };
    const forget = (key: string) => {
      const entry = known.get(key);
      if (!entry) return;
      known.delete(key);
      (del[kind] ??= []).push(key);
      changed = true;
    };
    const map = spec.map?.(store);
    if (map && mirror.touched) {
      for (const key of mirror.touched) {
        const record = map.get(key);
        if (record === undefined) forget(key);
        else emit(key, record);
      }
      mirror.touched.clear();
      if (spec.fingerprint === "json") for (const [key, record] of map) emit(key, record);
      return changed;
    }
    // Replicas: a small array, compared whole.
    const seen = new Set<string>();
    for (const [key, record] of spec.entries(store)) {
      seen.add(key);
      emit(key, record);
    }
    for (const key of [...known.keys()]) if (!seen.has(key)) forget(key);
    return changed;
  };

  const diffRegion = (mirror: RegionMirror): RegionDiff | undefined => {
    const { store } = mirror;
    const put: Partial<Record<JournalKind, unknown[]>> = {};
    const del: Partial<Record<JournalKind, string[]>> = {};
    let changed = store.lastSeq !== mirror.lastSeq;
    for (const kind of journalKinds) if (diffKind(store, kind, mirror.kinds[kind], put, del)) changed = true;
    const events: RegionDiff["events"] = { append: {}, replace: {}, del: [] };
    const knownSessions = mirror.events.size;
    let stillThere = 0;
    for (const [sessionId, list] of store.events) {
      const known = mirror.events.get(sessionId);
      if (known) stillThere++;
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
    if (stillThere < knownSessions) {
      for (const sessionId of mirror.events.keys()) {
        if (store.events.has(sessionId)) continue;
        mirror.events.delete(sessionId);
        events.del.push(sessionId);
        changed = true;
      }
    }
    mirror.lastSeq = store.lastSeq;
    return changed
      ? { account: store.scope.account, region: store.scope.region, lastSeq: store.lastSeq, put, del, events }
      : undefined;
  };

  const diff = (virtualTimeMs: number, nextExtensions: Record<string, unknown>): WorldDiff | undefined => {
    const changes: RegionDiff[] = [];
    const live = new Set<string>();
    for (const store of world.regions()) {
      const key = regionKey(store);
      live.add(key);
      let mirror = regions.get(key);
      if (mirror?.store !== store) {
        // A new store (or one reset and made again): everything in it is new, everything of the old one gone.
        const previous = mirror;
        mirror = mirrorRegion(store);
        regions.set(key, mirror);
        if (previous) {
          for (const kind of journalKinds)
            for (const old of previous.kinds[kind].known.keys())
              mirror.kinds[kind].known.set(old, { ref: undefined, json: undefined });
          for (const [sessionId] of previous.events) mirror.events.set(sessionId, { length: -1, last: undefined });
          for (const kind of journalKinds)
            for (const old of previous.kinds[kind].known.keys()) mirror.kinds[kind].touched?.add(old);
        }
      }
      const change = diffRegion(mirror);
      if (change) changes.push(change);
    }
    const dropped = [...regions.keys()].filter((key) => !live.has(key));
    for (const key of dropped) regions.delete(key);
    const json = JSON.stringify(nextExtensions);
    const extensionsChanged = json !== extensionsJson;
    extensionsJson = json;
    if (changes.length === 0 && dropped.length === 0 && !extensionsChanged) return undefined;
    return {
      kind: "diff",
      virtualTimeMs,
      regions: changes,
      dropped,
      ...(extensionsChanged ? { extensions: nextExtensions } : {}),
    };
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
const asPlain = (value: unknown): Plain =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Plain) : {};

function keyRegion(region: Plain): KeyedRegion {
  const kinds = Object.fromEntries(
    journalKinds.map((kind) => [
      kind,
      new Map(asArray(region[kind]).map((item) => [kindSpecs[kind].keyOf(asPlain(item)), item])),
    ]),
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
export function replayRecords(
  state: Plain,
  records: readonly { readonly payload: unknown; readonly offset: number }[],
  onError: (offset: number, why: string) => Error,
): void {
  const regions = new Map<string, KeyedRegion>();
  for (const region of asArray(state.regions)) {
    const plain = asPlain(region);
    regions.set(`${str(plain.account)}/${str(plain.region)}`, keyRegion(plain));
  }
  for (const { payload, offset } of records) {
    const record = asPlain(payload);
    if (
      record.kind !== "diff" ||
      typeof record.virtualTimeMs !== "number" ||
      !Array.isArray(record.regions) ||
      !Array.isArray(record.dropped)
    ) {
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
      for (const [sessionId, list] of Object.entries(asPlain(events.replace)))
        region.events.set(sessionId, asArray(list));
      for (const [sessionId, list] of Object.entries(asPlain(events.append))) {
        region.events.set(sessionId, [...(region.events.get(sessionId) ?? []), ...asArray(list)]);
      }
    }
    state.virtualTimeMs = Math.max(Number(state.virtualTimeMs), record.virtualTimeMs);
    if (record.extensions !== undefined) state.extensions = asPlain(record.extensions);
  }
  state.regions = [...regions.values()].map(unkeyRegion);
}
