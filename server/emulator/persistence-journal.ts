import { existsSync, readFileSync } from "node:fs";
import type { Logger } from "./http/logger";
import { createJournalFile, journalPathFor, openAppender, readJournal, type JournalAppender } from "./journal";
import { replayRecords, type WorldMirror } from "./journal-diff";
import { StateFileError } from "./persistence-errors";
import { checkStateJson, parseStateText, writeFileAtomic, type StateFile } from "./persistence";

/**
 * Durability of `--state-file`: a snapshot (the state file) plus a write-ahead journal (`<file>.journal`).
 *
 * - Every mutating request waits for `commit()` before its answer leaves: the changes the world went through
 *   since the last record (whatever made them: the request, others running beside it, the simulation's timers)
 *   are appended as one record and `fdatasync`ed. Requests that arrive while a record is on its way to disk share
 *   the next one (group commit). The simulation's own changes are committed every `flushIntervalMs` too.
 * - Compaction writes a new snapshot naming the next journal generation (temporary file, fsync, rename), then
 *   replaces the journal by an empty one of that generation. A crash between the two leaves a journal of the
 *   previous generation, which the new snapshot already contains: it is ignored.
 * - Recovery reads the snapshot, replays the journal of the same generation (a torn last record is dropped,
 *   anything else wrong refuses to start), and checks the result like any state file.
 */

export interface Recovered {
  readonly state: StateFile;
  /** The journal generation the world continues. */
  readonly generation: number;
  /** How to continue the journal: after `validEnd` bytes of the existing file, or in a new file. */
  readonly journal: {
    readonly append: boolean;
    readonly validEnd: number;
    readonly records: number;
    readonly tornBytes: number;
  };
}

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(
      `cannot read state file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      "unreadable",
    );
  }
};

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads the state file and its journal; `undefined` on a first start. Throws `StateFileError` (nothing is changed). */
export function recoverState(path: string): Recovered | undefined {
  const journalPath = journalPathFor(path);
  const text = readText(path);
  if (text === undefined) {
    if (existsSync(journalPath)) {
      throw new StateFileError(
        `journal ${journalPath} exists but its state file ${path} does not: the journal alone is not a world. The emulator will not start over it; move the journal away to start with a new world.`,
        "corrupt",
      );
    }
    return undefined;
  }
  const json = parseStateText(text, path);
  const snapshotGeneration = isPlain(json) && typeof json.journalGeneration === "number" ? json.journalGeneration : 0;
  const journal = readJournal(journalPath);
  const header = journal?.header;
  if (!journal || !header || header.generation < snapshotGeneration) {
    // No journal, a journal torn while it was created, or one the snapshot already contains.
    return {
      state: checkStateJson(json, path),
      generation: snapshotGeneration,
      journal: { append: false, validEnd: 0, records: 0, tornBytes: 0 },
    };
  }
  if (header.generation > snapshotGeneration) {
    throw new StateFileError(
      `journal ${journalPath} is corrupt at byte offset 0: it continues generation ${header.generation}, but state file ${path} is generation ${snapshotGeneration}; they do not belong together. The emulator will not start over them and has changed nothing.`,
      "corrupt",
    );
  }
  if (journal.records.length > 0 && isPlain(json)) {
    replayRecords(
      json,
      journal.records,
      (offset, why) =>
        new StateFileError(
          `journal ${journalPath} is corrupt at byte offset ${offset}: ${why}. The emulator will not start over it and has changed nothing.`,
          "corrupt",
        ),
    );
  }
  const after =
    journal.records.length > 0 ? ` (after replaying ${journal.records.length} records of journal ${journalPath})` : "";
  return {
    state: checkStateJson(json, path, after),
    generation: snapshotGeneration,
    journal: {
      append: true,
      validEnd: journal.validEnd,
      records: journal.records.length,
      tornBytes: journal.tornBytes,
    },
  };
}

export interface DurabilityOptions {
  readonly path: string;
  /** From `recoverState`; absent on a first start (the first snapshot is written at once). */
  readonly recovered?: Recovered;
  /** Knows what the disk holds; `diff` yields the next record. */
  readonly mirror: WorldMirror;
  /** The world clock and the extensions' state, for each record. */
  readonly now: () => number;
  readonly extensions: () => Record<string, unknown>;
  /** The whole world as a state file continued by journal `generation`. */
  readonly snapshot: (generation: number) => StateFile;
  /** Real ms between two commits of the simulation's own changes. Default 1 s. */
  readonly flushIntervalMs?: number;
  /** Compact once the journal is this big. Default 24 MiB (within the journal's preallocated zeros). */
  readonly compactBytes?: number;
  /** Compact at least this often (real ms) when the journal holds anything. Default 5 min. */
  readonly compactIntervalMs?: number;
  readonly logger?: Logger;
}

export interface Durability {
  /** Resolves once every change made before the call is on disk; rejects when the journal cannot be written. */
  commit(): Promise<void>;
  /** Writes a new snapshot and starts an empty journal. */
  compact(): Promise<void>;
  /** Commits, compacts a last time and closes the journal. */
  close(): Promise<void>;
  readonly generation: number;
  readonly journalBytes: number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function startDurability(options: DurabilityOptions): Durability {
  const { path, mirror, logger } = options;
  const journalPath = journalPathFor(path);
  const compactBytes = options.compactBytes ?? 24 * 1024 * 1024;
  const compactIntervalMs = options.compactIntervalMs ?? 5 * 60_000;
  // Zeros ahead of the records: a little more than the journal holds before it is compacted.
  const preallocate = Math.min(compactBytes, 64 * 1024 * 1024) + 1024 * 1024;
  let generation = options.recovered?.generation ?? 0;
  let headerBytes = 0;
  let broken: Error | undefined;

  const produce = (): string | undefined => {
    const diff = mirror.diff(options.now(), options.extensions());
    return diff === undefined ? undefined : JSON.stringify(diff);
  };

  /** Snapshot of generation `next`, then an empty journal of it (synchronous: the world cannot move meanwhile). */
  const writeSnapshot = (next: number): number => {
    const state = options.snapshot(next);
    writeFileAtomic(path, `${JSON.stringify(state)}\n`);
    mirror.diff(options.now(), options.extensions()); // the snapshot holds everything up to now
    const size = createJournalFile(journalPath, next, preallocate);
    generation = next;
    headerBytes = size;
    return size;
  };

  let initialSize: number;
  const recovered = options.recovered;
  if (recovered === undefined) {
    initialSize = writeSnapshot(generation + 1); // so an unwritable path fails at start
  } else if (recovered.journal.append) {
    initialSize = recovered.journal.validEnd;
    headerBytes = -1; // unknown: the existing journal may hold records
  } else {
    initialSize = createJournalFile(journalPath, generation, preallocate);
    headerBytes = initialSize;
  }
  const appender: JournalAppender = openAppender(
    journalPath,
    initialSize,
    recovered?.journal.append ? recovered.journal.tornBytes : 0,
    produce,
  );
  let lastCompaction = Date.now();

  const compactNow = () =>
    appender.exclusive(() => {
      if (broken) throw broken;
      try {
        const size = writeSnapshot(generation + 1);
        appender.reopen(journalPath, size);
        lastCompaction = Date.now();
      } catch (error) {
        // The mirror may be ahead of the disk now: refuse further commits rather than journal half a change.
        broken = new Error(`cannot compact the state file: ${message(error)}`);
        throw broken;
      }
    });

  let compacting = false;
  const maybeCompact = () => {
    const holdsRecords = headerBytes < 0 || appender.size > headerBytes;
    const due = appender.size >= compactBytes || (holdsRecords && Date.now() - lastCompaction >= compactIntervalMs);
    if (!due || compacting || broken) return;
    compacting = true;
    compactNow()
      .catch((error: unknown) => logger?.error("could not compact the state file", { error: message(error) }))
      .finally(() => (compacting = false));
  };

  const commit = async () => {
    if (broken) throw broken;
    await appender.commit();
    maybeCompact();
  };

  const timer = setInterval(() => {
    commit().catch((error: unknown) => logger?.error("could not write the journal", { error: message(error) }));
  }, options.flushIntervalMs ?? 1000);
  timer.unref();

  return {
    commit,
    compact: compactNow,
    async close() {
      clearInterval(timer);
      try {
        await appender.commit();
        await compactNow();
      } finally {
        await appender.close();
      }
    },
    get generation() {
      return generation;
    },
    get journalBytes() {
      return appender.size;
    },
  };
}
