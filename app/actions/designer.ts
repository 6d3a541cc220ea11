"use server";

import { DeletePresetInput, SavePresetInput, type LayoutPreset } from "@/lib/layout/presets";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import type { Result } from "@/lib/result";
import { requestIp, runIvsMutation } from "@/server/actions/run";
import { audit } from "@/server/auth/audit";
import { authorize } from "@/server/auth/request";
import { presetStore } from "@/server/db/presets";

// The composition designer's writes. IVS calls go through the one runner (validation with the shared shape,
// sign-in and role, audit, cache invalidation); layout presets live in the console's own database.

/**
 * StartComposition. The browser makes the idempotency token once per click and sends it in `input`, so a retry
 * (or a second click while the first is in flight) replays the same request and IVS creates one composition.
 */
export async function startCompositionAction(context: unknown, input: unknown) {
  return runIvsMutation("StartComposition", context, input);
}

// Presets: whoever may start compositions (operator and up) may save and delete them; everyone signed in reads them.
const presetPermission = "StartComposition" as const;

async function presetAccess(operation: string, input: unknown) {
  const access = await authorize(presetPermission);
  const ip = await requestIp();
  const entry = { actor: access.user, kind: "mutation" as const, operation, input, ip };
  if (!access.ok && access.user) audit({ ...entry, outcome: "denied", errorCode: access.error.code });
  return { access, entry };
}

export async function savePresetAction(input: unknown): Promise<Result<{ preset: LayoutPreset; replaced: boolean }>> {
  const { access, entry } = await presetAccess("SaveLayoutPreset", input);
  if (!access.ok) return { ok: false, error: access.error };
  const parsed = SavePresetInput.safeParse(input);
  if (!parsed.success) {
    audit({ ...entry, outcome: "invalid", errorCode: "ValidationException" });
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
  try {
    const outcome = presetStore.save({ ...parsed.data, by: access.user.username });
    if (!outcome.ok) {
      audit({ ...entry, outcome: "failure", errorCode: "ConflictException" });
      return {
        ok: false,
        error: {
          code: "ConflictException",
          message: `A preset named "${outcome.existing}" already exists. Choose another name, or replace it.`,
          fields: { name: [`"${outcome.existing}" is taken (names are unique, ignoring case).`] },
          retryable: false,
        },
      };
    }
    audit({ ...entry, input: parsed.data, outcome: "success" });
    return { ok: true, data: { preset: outcome.preset, replaced: outcome.replaced } };
  } catch (error) {
    audit({ ...entry, outcome: "failure", errorCode: "InternalError" });
    return {
      ok: false,
      error: {
        code: "InternalError",
        message: `The preset could not be saved: ${error instanceof Error ? error.message : "database error"}.`,
        retryable: true,
      },
    };
  }
}

export async function deletePresetAction(input: unknown): Promise<Result<{ name: string }>> {
  const { access, entry } = await presetAccess("DeleteLayoutPreset", input);
  if (!access.ok) return { ok: false, error: access.error };
  const parsed = DeletePresetInput.safeParse(input);
  if (!parsed.success) {
    audit({ ...entry, outcome: "invalid", errorCode: "ValidationException" });
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
  if (!presetStore.delete(parsed.data.name)) {
    audit({ ...entry, outcome: "failure", errorCode: "ResourceNotFoundException" });
    return {
      ok: false,
      error: {
        code: "ResourceNotFoundException",
        message: `No preset is named "${parsed.data.name}" (someone may have deleted it).`,
        retryable: false,
      },
    };
  }
  audit({ ...entry, outcome: "success" });
  return { ok: true, data: { name: parsed.data.name } };
}
