import type { z } from "zod";
import type { Coverage } from "@/lib/observe/coverage";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";

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

/** The one ValidationException of the console (actions and route handlers): AWS wording plus field messages. */
export function validationError(error: z.ZodError): ErrorInfo {
  return {
    code: "ValidationException",
    message: formatValidationError(error),
    fields: fieldErrors(error),
    retryable: false,
  };
}

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
