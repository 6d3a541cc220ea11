import {
  close,
  closeSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  write,
  writeSync,
} from "node:fs";
import { promisify } from "node:util";
import { basename, dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import { StateFileError } from "./persistence-errors";

/**
 * The write-ahead journal beside a state file (`<state file>.journal`): an append-only sequence of records,
 * each framed as
 *
 *     u32 little-endian payload length · u32 little-endian CRC-32 of the payload · payload (UTF-8 JSON)
 *
 * The first record is a header naming the journal's generation; the state file (the snapshot) names the
 * generation of the journal that continues it. The file is preallocated with zeros ahead of the records, so
 * that an append overwrites allocated blocks and its `fdatasync` has no file-size change to commit (several
 * times cheaper on ext4); the records end where the zeros begin.
 *
 * Reading stops at the first record that is incomplete (its frame or payload runs past the end of the file) or
 * where only zeros are left: a crash in the middle of an append leaves exactly that, and the torn record is
 * dropped. A record whose checksum fails is a torn record too when nothing but zeros follows it (a crash or a
 * power loss left part of it); anywhere else it is corruption, and reading refuses with the file and the byte
 * offset of the record.
 */

export const journalFormat = "ivs-realtime-emulator-journal";
export const journalVersion = 1;
const frameBytes = 8;
/** A record bigger than this is not something this emulator writes: the length itself is damaged. */
const maxRecordBytes = 256 * 1024 * 1024;
/**
 * Zeros allocated ahead of the records when a journal is created (default; the caller passes a bit more than
 * the journal holds before it is compacted, so appends normally never grow the file). If an append would, the
 * file grows by this much at once.
 */
export const preallocateBytes = 32 * 1024 * 1024;
const zeroChunk = Buffer.alloc(1024 * 1024);

/** Writes `bytes` zeros at `from` (synchronously, in 1 MiB writes). */
function writeZerosSync(fd: number, from: number, bytes: number): void {
  for (let done = 0; done < bytes;) {
    const n = Math.min(zeroChunk.length, bytes - done);
    done += writeSync(fd, zeroChunk, 0, n, from + done);
  }
}

export interface JournalHeader {
  readonly format: typeof journalFormat;
  readonly version: number;
  readonly generation: number;
}

export const journalPathFor = (stateFile: string): string => `${stateFile}.journal`;

/** One framed record. */
export function encodeRecord(payload: string): Buffer {
  const body = Buffer.from(payload, "utf8");
  const frame = Buffer.allocUnsafe(frameBytes + body.length);
  frame.writeUInt32LE(body.length, 0);
  frame.writeUInt32LE(crc32(body), 4);
  body.copy(frame, frameBytes);
  return frame;
}

export interface ScannedRecord {
  /** Byte offset of the record's frame in the file. */
  readonly offset: number;
  readonly payload: unknown;
}

export interface ScannedJournal {
  /** Absent when the file holds no complete header (it was torn while being created). */
  readonly header?: JournalHeader;
  /** The records after the header, in order. */
  readonly records: readonly ScannedRecord[];
  /** Where the last intact record ends: appends continue here. */
  readonly validEnd: number;
  /** Bytes dropped at the end (a torn last record); 0 when the file ended cleanly. */
  readonly tornBytes: number;
}

/** Reads a journal's bytes. Throws `StateFileError` ("corrupt") naming `path` and the offset of a bad record. */
export function scanJournal(bytes: Buffer, path: string): ScannedJournal {
  const corrupt = (offset: number, why: string) =>
    new StateFileError(
      `journal ${path} is corrupt at byte offset ${offset}: ${why}. The emulator will not start over it and has changed nothing; move the state file and its journal away (or choose another --state-file) to start with a new world.`,
      "corrupt",
    );
  const records: ScannedRecord[] = [];
  let header: JournalHeader | undefined;
  let offset = 0;
  let lastNonZero = bytes.length - 1;
  while (lastNonZero >= 0 && bytes[lastNonZero] === 0) lastNonZero--;
  while (offset < bytes.length) {
    // What is dropped: from here to the last byte that is not a preallocated zero.
    const torn = { header, records, validEnd: offset, tornBytes: Math.max(0, lastNonZero + 1 - offset) };
    // Only zeros left: the preallocated space (a clean end), or blocks whose data never reached the disk.
    if (offset > lastNonZero) return torn;
    if (bytes.length - offset < frameBytes) return torn;
    const length = bytes.readUInt32LE(offset);
    const checksum = bytes.readUInt32LE(offset + 4);
    const end = offset + frameBytes + length;
    if (length > maxRecordBytes) {
      throw corrupt(offset, `a record claims ${length} bytes`);
    }
    if (end > bytes.length) return torn;
    const body = bytes.subarray(offset + frameBytes, end);
    if (crc32(body) !== checksum) {
      if (end > lastNonZero) return torn;
      throw corrupt(offset, "a record's checksum does not match its content, and more records follow it");
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString("utf8"));
    } catch {
      throw corrupt(offset, "a record with a valid checksum is not JSON");
    }
    if (header === undefined) {
      const candidate = payload as Partial<JournalHeader> | null;
      if (typeof candidate !== "object" || candidate === null || candidate.format !== journalFormat) {
        throw corrupt(offset, `it does not start with a "${journalFormat}" header`);
      }
      if (typeof candidate.version !== "number" || candidate.version > journalVersion) {
        throw corrupt(
          offset,
          `it was written by a newer emulator (journal version ${String(candidate.version)}; this emulator reads version ${journalVersion})`,
        );
      }
      if (
        typeof candidate.generation !== "number" ||
        !Number.isInteger(candidate.generation) ||
        candidate.generation < 0
      ) {
        throw corrupt(offset, "its header has no valid generation");
      }
      header = { format: journalFormat, version: candidate.version, generation: candidate.generation };
    } else {
      records.push({ offset, payload });
    }
    offset = end;
  }
  return { header, records, validEnd: offset, tornBytes: 0 };
}

/** Reads and scans the journal at `path`; `undefined` when there is none. */
export function readJournal(path: string): ScannedJournal | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(
      `cannot read journal ${path}: ${error instanceof Error ? error.message : String(error)}`,
      "unreadable",
    );
  }
  return scanJournal(bytes, path);
}

/** fsync of a directory, so that a rename in it is durable too (not supported everywhere: best effort). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a directory; the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes a file atomically: `write` fills a temporary file in the same directory (created if missing), which is
 * fsynced and renamed over `path`, then the directory is fsynced. A failure leaves `path` as it was and throws a
 * `StateFileError` naming `what` (e.g. "journal").
 */
export function writeFileAtomically(path: string, what: string, write: (fd: number) => void): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temporary, "w", 0o600);
    try {
      write(fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    syncDirectory(dirname(path));
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written there
    }
    throw new StateFileError(
      `cannot write ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`,
      "unwritable",
    );
  }
}

/** Creates a journal holding only its header, atomically (temporary file, fsync, rename, directory fsync). */
export function createJournalFile(path: string, generation: number, preallocate = preallocateBytes): number {
  const header: JournalHeader = { format: journalFormat, version: journalVersion, generation };
  const bytes = encodeRecord(JSON.stringify(header));
  writeFileAtomically(path, "journal", (fd) => {
    writeSync(fd, bytes);
    writeZerosSync(fd, bytes.length, preallocate);
  });
  return bytes.length;
}

/**
 * Appends records with group commit: `commit()` resolves once every change made before the call is on disk
 * (written and `fdatasync`ed). Flushes run one at a time; each takes what `produce()` returns at its start, so
 * every request that arrives while a flush is on its way to disk shares the next flush (and its one fsync).
 */
export interface JournalAppender {
  /** Resolves when a flush that started after this call has reached the disk. */
  commit(): Promise<void>;
  /** Runs `task` alone between flushes (compaction); resolves with it. */
  exclusive<T>(task: () => Promise<T> | T): Promise<T>;
  /** Bytes in the current journal file. */
  readonly size: number;
  /** Switches to another (freshly created) file; only inside `exclusive`. */
  reopen(path: string, size: number): void;
  close(): Promise<void>;
}

const writeAt = promisify(write);
const datasync = promisify(fdatasync);
const closeFd = promisify(close);

/**
 * Opens the journal at `path` for appending after its first `size` bytes. `tornBytes` after them (a torn last
 * record) are overwritten with zeros first, so nothing is ever appended after a torn record.
 */
export function openAppender(
  path: string,
  size: number,
  tornBytes: number,
  produce: () => string | undefined,
): JournalAppender {
  let fd = openSync(path, "r+");
  const fileSize = fstatSync(fd).size;
  if (tornBytes > 0 || fileSize < size + frameBytes) {
    writeZerosSync(fd, size, Math.max(tornBytes, fileSize < size + frameBytes ? preallocateBytes : 0));
    fdatasyncSync(fd);
  }
  let position = size;
  let allocated = Math.max(fstatSync(fd).size, size);
  let failure: Error | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<void> | undefined;

  const writeFully = async (bytes: Buffer, at: number) => {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await writeAt(fd, bytes, written, bytes.length - written, at + written);
      written += bytesWritten;
    }
  };

  const flushOnce = async () => {
    if (failure) throw failure;
    const payload = produce();
    if (payload === undefined) return;
    const bytes = encodeRecord(payload);
    try {
      await writeFully(bytes, position);
      if (position + bytes.length + frameBytes > allocated) {
        // Keep zeros ahead: this one append grows the file, the next ones overwrite allocated blocks again.
        const from = Math.max(allocated, position + bytes.length);
        for (let done = 0; done < preallocateBytes; done += zeroChunk.length) await writeFully(zeroChunk, from + done);
        allocated = from + preallocateBytes;
      }
      await datasync(fd);
      position += bytes.length;
    } catch (error) {
      // The file may now end in part of this record: nothing more is appended after it (reading drops it).
      failure = new Error(
        `cannot append to journal ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw failure;
    }
  };

  const enqueue = <T>(task: () => Promise<T> | T): Promise<T> => {
    const run = chain.then(task);
    chain = run.catch(() => undefined);
    return run;
  };

  return {
    commit() {
      if (queued) return queued;
      const flush = enqueue(() => {
        queued = undefined;
        return flushOnce();
      });
      queued = flush;
      return flush;
    },
    exclusive: (task) => enqueue(task),
    get size() {
      return position;
    },
    reopen(nextPath, nextSize) {
      const next = openSync(nextPath, "r+");
      closeSync(fd);
      fd = next;
      position = nextSize;
      allocated = nextSize + preallocateBytes; // createJournalFile preallocates
      failure = undefined;
    },
    async close() {
      await chain;
      await closeFd(fd);
    },
  };
}
