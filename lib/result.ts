import type { Coverage } from "@/lib/observe/coverage";
import type { BrowserSafe } from "@/lib/ivs/redact";

/** What server actions and loaders return: never a thrown error across the server/browser boundary. */
export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  readonly retryable: boolean;
  /** Field-level messages for forms, keyed by dotted path (`video.width`). */
  readonly fields?: Readonly<Record<string, readonly string[]>>;
}

export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ErrorInfo };

/** What every server action answers (server/actions/client.ts): a Result whose data passed the secrets mask. */
export type ActionResult<T> = Result<BrowserSafe<T>>;

/** The answer when the console's server could not be reached at all. */
export const networkError: ErrorInfo = {
  code: "NetworkError",
  message: "The console's server could not be reached.",
  retryable: true,
};

/** A read served by the observation store or the console's upstream cache. */
export interface ReadResult<T> {
  readonly data: T;
  /** When IVS produced this answer (ms since epoch). */
  readonly fetchedAt: number;
  /** True when a fresher answer could not be had (throttled or failing) and an older one was served. */
  readonly stale: boolean;
  /** The error behind a stale answer. */
  readonly degraded?: { readonly code: string; readonly message: string };
  /** Reads answered from the observation store: how complete it is for this subject. */
  readonly coverage?: Coverage;
}
