"use server";

import { DeletePresetInput, SavePresetInput, type LayoutPreset } from "@/lib/layout/presets";
import { ActionError, defineAction, ivsAction } from "@/server/actions/client";
import { presetStore } from "@/server/db/presets";

// The composition designer's writes: StartComposition through IVS, layout presets in the console's own database.

/**
 * StartComposition. The browser makes the idempotency token once per click and sends it in `input`, so a retry
 * (or a second click while the first is in flight) replays the same request and IVS creates one composition.
 */
export const startCompositionAction = ivsAction("StartComposition");

// Presets: whoever may start compositions (operator and up) may save and delete them; everyone signed in reads them.
const presetPermission = "StartComposition" as const;

export const savePresetAction = defineAction({
  operation: "SaveLayoutPreset",
  permission: presetPermission,
  input: SavePresetInput,
  handler: async (input, { user }): Promise<{ preset: LayoutPreset; replaced: boolean }> => {
    const outcome = await presetStore.save({ ...input, by: user.username });
    if (!outcome.ok)
      throw new ActionError(
        "ConflictException",
        `A preset named "${outcome.existing}" already exists. Choose another name, or replace it.`,
        { name: [`"${outcome.existing}" is taken (names are unique, ignoring case).`] },
      );
    return { preset: outcome.preset, replaced: outcome.replaced };
  },
});

export const deletePresetAction = defineAction({
  operation: "DeleteLayoutPreset",
  permission: presetPermission,
  input: DeletePresetInput,
  handler: async ({ name }) => {
    if (!(await presetStore.delete(name)))
      throw new ActionError("ResourceNotFoundException", `No preset is named "${name}" (someone may have deleted it).`);
    return { name };
  },
});
