import "server-only";
import { canonicalJson } from "@/lib/canonical-json";
import { operations, type InputOf, type OperationName, type OutputOf } from "@/lib/ivs/operations";
import { livePollMs } from "@/lib/polling";
import { redactSecrets, type BrowserSafe } from "@/lib/ivs/redact";
import type { ReadResult } from "@/lib/result";
import { budget as sharedBudget, scopeKey, type Budget } from "./budget";
import { IvsError } from "./errors";
import { transport as sharedTransport, type CallOptions, type Transport } from "./transport";

/**
 * The console's door to IVS for the reads the observation store does not answer: one shared cache with
 * single-flight, paced by the process-wide budget (budget.ts, shared with the collector). Fifty open tabs cost what
 * one costs; polling can never use up a quota that a mutation needs, because mutations go straight to the
 * transport (their operations have their own quotas) and clear the cache of their region.
 *
 * Answers are masked once, as they enter the cache (`redactSecrets`): what a read returns may reach the browser.
 * Code that needs a secret (revealing a stream key) calls the transport itself.
 */
export interface UpstreamStats {
  calls: number;
  hits: number;
  joined: number;
  stale: number;
}

export interface ReadOptions extends Pick<CallOptions, "region" | "profile"> {
  /** How old a cached answer may be (default: the UI's live poll interval less a margin for timer jitter). */
  readonly maxAgeMs?: number;
}

interface Entry {
  value?: { data: unknown; fetchedAt: number };
  inflight?: Promise<{ data: unknown; fetchedAt: number }>;
  lastError?: IvsError;
}

// Viewers poll every `livePollMs` at random phases; an answer younger than that serves them all, so N viewers
// cost one upstream call per interval (a shorter age would let the cache expire between their polls).
const defaultMaxAgeMs = livePollMs - 100;
const maxEntries = 5000;

export function createUpstream(
  transport: () => Transport = sharedTransport,
  now: () => number = Date.now,
  budget: () => Budget = sharedBudget,
) {
  const entries = new Map<string, Entry>();
  const stats: UpstreamStats = { calls: 0, hits: 0, joined: 0, stale: 0 };
  const scopeOf = scopeKey;

  async function fetchFresh<N extends OperationName>(name: N, input: InputOf<N>, options: ReadOptions) {
    await budget().take(options, name);
    stats.calls++;
    // No caller signal here: the answer is shared, and one viewer leaving must not abort it for the others.
    const data = await transport().call(name, input, { region: options.region, profile: options.profile });
    return { data: redactSecrets(data) as unknown, fetchedAt: now() };
  }

  /** A cached, coalesced, rate-limited read. Throws only when there is no answer at all to serve. */
  async function read<N extends OperationName>(
    name: N,
    input: InputOf<N>,
    options: ReadOptions = {},
  ): Promise<ReadResult<BrowserSafe<OutputOf<N>>>> {
    if (operations[name].mutating) throw new TypeError(`${name} is not a read`);
    const key = `${scopeOf(options)}\u0000${name}\u0000${canonicalJson(input)}`;
    let entry = entries.get(key);
    if (!entry) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value ?? "");
      entry = {};
      entries.set(key, entry);
    }
    const maxAge = options.maxAgeMs ?? defaultMaxAgeMs;
    if (entry.value && now() - entry.value.fetchedAt < maxAge) {
      stats.hits++;
      return { data: entry.value.data as BrowserSafe<OutputOf<N>>, fetchedAt: entry.value.fetchedAt, stale: false };
    }
    if (entry.inflight) stats.joined++;
    const current = entry;
    current.inflight ??= fetchFresh(name, input, options).finally(() => {
      current.inflight = undefined;
    });
    try {
      const value = await current.inflight;
      current.value = value;
      current.lastError = undefined;
      return { data: value.data as BrowserSafe<OutputOf<N>>, fetchedAt: value.fetchedAt, stale: false };
    } catch (error) {
      const failure = error instanceof IvsError ? error : undefined;
      if (current.value && failure && failure.kind !== "aborted" && failure.retryable) {
        stats.stale++;
        current.lastError = failure;
        return {
          data: current.value.data as BrowserSafe<OutputOf<N>>,
          fetchedAt: current.value.fetchedAt,
          stale: true,
          degraded: { code: failure.code, message: failure.message },
        };
      }
      throw error;
    }
  }

  /** Forget cached answers of one region (and profile) after a mutation there. */
  function invalidate(options: Pick<ReadOptions, "region" | "profile"> = {}): void {
    const prefix = `${scopeOf(options)}\u0000`;
    for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
  }

  return { read, invalidate, stats };
}

export type Upstream = ReturnType<typeof createUpstream>;

// One per server process, shared by every page, route handler and server action. Kept on globalThis so
// that Next's module duplication between route bundles does not split the cache.
const globalKey = Symbol.for("ivs-control-room.upstream");
type WithUpstream = typeof globalThis & { [globalKey]?: Upstream };

export function upstream(): Upstream {
  const holder = globalThis as WithUpstream;
  holder[globalKey] ??= createUpstream();
  return holder[globalKey];
}
