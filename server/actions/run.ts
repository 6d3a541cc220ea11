import "server-only";
import { contextFrom, type ConsoleContext } from "@/lib/context";
import { operations, type InputOf, type OperationName, type OutputOf } from "@/lib/ivs/operations";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import type { Result } from "@/lib/result";
import { defaultIvsRegion } from "@/server/ivs/config";
import { toUserFacingError } from "@/server/ivs/errors";
import { transport } from "@/server/ivs/transport";
import { upstream } from "@/server/ivs/upstream";

export type MutatingOperationName = Exclude<OperationName, `Get${string}` | `List${string}`>;

/** The context a browser sent, re-validated on the server (never trusted as is). */
export function serverContext(raw: unknown): ConsoleContext {
  const value = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const params: Record<string, string | undefined> = {
    region: typeof value.region === "string" ? value.region : undefined,
    profile: typeof value.profile === "string" ? value.profile : undefined,
  };
  return contextFrom(params, defaultIvsRegion());
}

/**
 * The body of every IVS server action: validate with the shared shape (field-level messages), call IVS,
 * forget cached reads of that region, and return a Result — never a thrown error, never success after a failure.
 */
export async function runIvsMutation<N extends MutatingOperationName>(
  name: N,
  rawContext: unknown,
  rawInput: unknown,
): Promise<Result<OutputOf<N>>> {
  const context = serverContext(rawContext);
  const parsed = operations[name].input.safeParse(rawInput);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: "ValidationException", message: formatValidationError(parsed.error), fields: fieldErrors(parsed.error), retryable: false },
    };
  }
  try {
    const data = await transport().call(name, parsed.data as InputOf<N>, context);
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: toUserFacingError(error) };
  } finally {
    upstream().invalidate(context);
  }
}
