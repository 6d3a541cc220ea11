"use server";

import { operations } from "@/lib/ivs/operations";
import { redactSecrets } from "@/lib/ivs/redact";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import type { Result } from "@/lib/result";
import { requestIp, runIvsMutation, serverContext } from "@/server/actions/run";
import { audit } from "@/server/auth/audit";
import { authorize } from "@/server/auth/request";
import { toUserFacingError } from "@/server/ivs/errors";
import { transport } from "@/server/ivs/transport";

// Thin and uniform: each action validates with the shared shape and calls IVS through one runner.
// Ingest answers carry the stream key: it is masked here and only `revealStreamKeyAction` returns it.

function masked<T>(result: Result<T>): Result<T> {
  return result.ok ? { ok: true, data: redactSecrets(result.data) } : result;
}

export async function createEncoderConfigurationAction(context: unknown, input: unknown) {
  return runIvsMutation("CreateEncoderConfiguration", context, input);
}

export async function deleteEncoderConfigurationAction(context: unknown, input: unknown) {
  return runIvsMutation("DeleteEncoderConfiguration", context, input);
}

export async function createStorageConfigurationAction(context: unknown, input: unknown) {
  return runIvsMutation("CreateStorageConfiguration", context, input);
}

export async function deleteStorageConfigurationAction(context: unknown, input: unknown) {
  return runIvsMutation("DeleteStorageConfiguration", context, input);
}

export async function createIngestConfigurationAction(context: unknown, input: unknown) {
  return masked(await runIvsMutation("CreateIngestConfiguration", context, input));
}

export async function updateIngestConfigurationAction(context: unknown, input: unknown) {
  return masked(await runIvsMutation("UpdateIngestConfiguration", context, input));
}

export async function deleteIngestConfigurationAction(context: unknown, input: unknown) {
  return runIvsMutation("DeleteIngestConfiguration", context, input);
}

/**
 * The one way a stream key reaches the browser: an operator or admin clicked "Reveal". Reads the configuration
 * straight from IVS (never from the shared read cache), returns the key alone, and records the reveal in the
 * audit trail (never the key itself).
 */
export async function revealStreamKeyAction(context: unknown, input: unknown): Promise<Result<{ streamKey: string }>> {
  const region = serverContext(context);
  const access = await authorize("RevealStreamKey");
  const ip = await requestIp();
  const entry = {
    actor: access.user,
    kind: "reveal" as const,
    operation: "RevealStreamKey",
    region: region.region,
    ip,
  };
  const arn =
    input && typeof input === "object" && typeof (input as { arn?: unknown }).arn === "string"
      ? (input as { arn: string }).arn
      : undefined;
  if (!access.ok) {
    if (access.user) audit({ ...entry, target: arn, input: { arn }, outcome: "denied", errorCode: access.error.code });
    return { ok: false, error: access.error };
  }
  // The shared shape: `{ arn }` with an ingest-configuration ARN, nothing else.
  const parsed = operations.GetIngestConfiguration.input.safeParse(input);
  if (!parsed.success) {
    audit({ ...entry, target: arn, input: { arn }, outcome: "invalid", errorCode: "ValidationException" });
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
  const recorded = { ...entry, target: parsed.data.arn, input: { arn: parsed.data.arn } };
  let requestId: string | undefined;
  try {
    const output = await transport().call(
      "GetIngestConfiguration",
      { arn: parsed.data.arn },
      { ...region, onRequestId: (id) => (requestId = id) },
    );
    const streamKey = output.ingestConfiguration?.streamKey;
    if (!streamKey) {
      audit({ ...recorded, outcome: "failure", errorCode: "ResourceNotFoundException", requestId });
      return {
        ok: false,
        error: {
          code: "ResourceNotFoundException",
          message: "IVS returned no stream key for this configuration.",
          retryable: false,
        },
      };
    }
    audit({ ...recorded, outcome: "success", requestId });
    return { ok: true, data: { streamKey } };
  } catch (error) {
    const failure = toUserFacingError(error);
    audit({ ...recorded, outcome: "failure", errorCode: failure.code, requestId: failure.requestId });
    return { ok: false, error: failure };
  }
}
