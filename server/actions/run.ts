import "server-only";
import { headers } from "next/headers";
import { contextFrom, type ConsoleContext } from "@/lib/context";
import { operations, type InputOf, type OperationName, type OutputOf } from "@/lib/ivs/operations";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import type { Result } from "@/lib/result";
import { audit } from "@/server/auth/audit";
import { auditTarget } from "@/server/auth/audit-target";
import { authorize, clientIp } from "@/server/auth/request";
import { defaultIvsRegion } from "@/server/ivs/config";
import { IvsError, toUserFacingError } from "@/server/ivs/errors";
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

/** The client address of the current request, for the audit trail. */
export async function requestIp(): Promise<string | undefined> {
  try {
    return clientIp(await headers());
  } catch {
    return undefined; // outside a request (tests, scripts)
  }
}

/**
 * The body of every IVS server action: check sign-in and role (`lib/auth/roles.ts`), validate with the shared
 * shape (field-level messages), call IVS, forget cached reads of that region, record one audit entry, and return
 * a Result — never a thrown error, never success after a failure. A refused or invalid call executes nothing.
 */
export async function runIvsMutation<N extends MutatingOperationName>(
  name: N,
  rawContext: unknown,
  rawInput: unknown,
): Promise<Result<OutputOf<N>>> {
  const context = serverContext(rawContext);
  const access = await authorize(name);
  const ip = await requestIp();
  const entry = {
    actor: access.user,
    kind: "mutation" as const,
    operation: name,
    region: context.region,
    input: rawInput,
    ip,
  };
  if (!access.ok) {
    // Signed-out calls have no "who" and are not recorded; a signed-in role refusal is.
    if (access.user)
      audit({ ...entry, target: auditTarget(rawInput), outcome: "denied", errorCode: access.error.code });
    return { ok: false, error: access.error };
  }
  const parsed = operations[name].input.safeParse(rawInput);
  if (!parsed.success) {
    audit({ ...entry, target: auditTarget(rawInput), outcome: "invalid", errorCode: "ValidationException" });
    return {
      ok: false,
      error: {
        code: "ValidationException",
        message: formatValidationError(parsed.error),
        fields: fieldErrors(parsed.error),
        retryable: false,
      },
    };
  }
  let requestId: string | undefined;
  try {
    const data = await transport().call(name, parsed.data as InputOf<N>, {
      ...context,
      onRequestId: (id) => (requestId = id),
    });
    audit({ ...entry, input: parsed.data, target: auditTarget(parsed.data, data), outcome: "success", requestId });
    return { ok: true, data };
  } catch (error) {
    const failure = toUserFacingError(error);
    audit({
      ...entry,
      input: parsed.data,
      target: auditTarget(parsed.data),
      outcome: "failure",
      errorCode: failure.code,
      requestId: error instanceof IvsError ? error.requestId : requestId,
    });
    return { ok: false, error: failure };
  } finally {
    upstream().invalidate(context);
  }
}
