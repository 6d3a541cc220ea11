"use server";

import { operations } from "@/lib/ivs/operations";
import { redactSecrets } from "@/lib/ivs/redact";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import type { Result } from "@/lib/result";
import { runIvsMutation, serverContext } from "@/server/actions/run";
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
 * The one way a stream key reaches the browser: the user clicked "Reveal". Reads the configuration straight
 * from IVS (never from the shared read cache) and returns the key alone.
 */
export async function revealStreamKeyAction(context: unknown, input: unknown): Promise<Result<{ streamKey: string }>> {
  // The shared shape: `{ arn }` with an ingest-configuration ARN, nothing else.
  const parsed = operations.GetIngestConfiguration.input.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: { code: "ValidationException", message: formatValidationError(parsed.error), fields: fieldErrors(parsed.error), retryable: false } };
  }
  try {
    const output = await transport().call("GetIngestConfiguration", { arn: parsed.data.arn }, serverContext(context));
    const streamKey = output.ingestConfiguration?.streamKey;
    if (!streamKey) return { ok: false, error: { code: "ResourceNotFoundException", message: "IVS returned no stream key for this configuration.", retryable: false } };
    return { ok: true, data: { streamKey } };
  } catch (error) {
    return { ok: false, error: toUserFacingError(error) };
  }
}
