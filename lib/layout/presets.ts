/**
 * Layout presets shared by the team (stored by server/db/presets.ts): a unique name and a LayoutConfiguration
 * (grid or PiP), validated with the shared IVS input shape. Pure: used by the server and by the designer's forms.
 */
import { z } from "zod";
import { LayoutConfigurationInput } from "@/lib/ivs/structures";

export const PRESET_NAME_MAX = 64;

/** 1–64 characters: letters, digits, spaces and `- _ . ( )`; surrounding spaces are trimmed. Unique ignoring case. */
export const PresetName = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(PRESET_NAME_MAX, `Name must be at most ${PRESET_NAME_MAX} characters`)
  .regex(/^[\p{L}\p{N} _.()-]+$/u, "Use letters, digits, spaces and - _ . ( ) only");

/** A preset's layout: the shared LayoutConfiguration input shape, with exactly one of grid or pip. */
export const PresetLayout = LayoutConfigurationInput.superRefine((layout, ctx) => {
  if ((layout.grid === undefined) === (layout.pip === undefined)) {
    ctx.addIssue({ code: "custom", message: "A preset holds exactly one of grid or pip" });
  }
});

export const SavePresetInput = z.object({
  name: PresetName,
  layout: PresetLayout,
  /** Replace a preset of the same name instead of refusing. */
  replace: z.boolean().optional(),
});

export const DeletePresetInput = z.object({ name: PresetName });

export type SavePresetInput = z.input<typeof SavePresetInput>;

export interface LayoutPreset {
  readonly name: string;
  readonly layout: z.output<typeof PresetLayout>;
  readonly createdAt: string;
  readonly updatedAt: string;
}
