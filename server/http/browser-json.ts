import "server-only";
import { redactSecrets } from "@/lib/ivs/redact";
import type { ErrorInfo } from "@/lib/result";

/**
 * The one way a route handler answers the browser (server/auth/coverage.test.ts checks that none answers
 * otherwise): JSON that passed the secrets mask, never cached.
 */
export function browserJson(body: unknown, init: { readonly status?: number } = {}): Response {
  return Response.json(redactSecrets(body), { status: init.status ?? 200, headers: { "cache-control": "no-store" } });
}

/** A refusal or failure as `{ error }` with its HTTP status. */
export function browserError(status: number, error: ErrorInfo): Response {
  return browserJson({ error }, { status });
}
