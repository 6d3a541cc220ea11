/**
 * The designer's checks against the shared IVS input shapes (zod): the layout, the StartComposition request, an
 * encoder's video settings and a preset name. The only module of the designer that needs zod: the page loads it
 * after the load event (use-shape-checks.ts), so zod and the shapes (about 40 KB gzip) are not first-load code;
 * model.ts and preflight.ts apply it synchronously.
 */
import { StartCompositionInput } from "@/lib/ivs/operations";
import { LayoutConfigurationInput, VideoInput } from "@/lib/ivs/structures";
import { fieldErrors } from "@/lib/ivs/validation-message";
import { PresetName } from "@/lib/layout/presets";
import type { FieldErrors, LayoutInput, StartRequest } from "./forms";

/** An encoder's effective video settings (the members IVS left out at their defaults). */
export interface VideoSettings {
  readonly width: number;
  readonly height: number;
  readonly framerate: number;
  readonly bitrate: number;
}

export type PresetNameCheck =
  { readonly ok: true; readonly name: string } | { readonly ok: false; readonly errors: readonly string[] };

export interface ShapeChecks {
  /** Field messages of a layout, keyed like `pip.pipWidth` (empty when valid). */
  layout(layout: LayoutInput): FieldErrors;
  /** Field messages of the request from the StartComposition shape alone (request.ts adds the designer's rules). */
  request(request: StartRequest): FieldErrors;
  /** Why the video settings are outside the encoder limits, one `member: message` each (empty when within). */
  video(video: VideoSettings): readonly string[];
  /** A preset name's trimmed form, or why it is not one. */
  presetName(name: string): PresetNameCheck;
}

export const shapeChecks: ShapeChecks = {
  layout(layout) {
    const parsed = LayoutConfigurationInput.safeParse(layout);
    return parsed.success ? {} : fieldErrors(parsed.error);
  },
  request(request) {
    const parsed = StartCompositionInput.safeParse(request);
    return parsed.success ? {} : fieldErrors(parsed.error);
  },
  video(video) {
    const parsed = VideoInput.safeParse(video);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".") || "video"}: ${i.message}`);
  },
  presetName(name) {
    const parsed = PresetName.safeParse(name);
    return parsed.success
      ? { ok: true, name: parsed.data }
      : { ok: false, errors: parsed.error.issues.map((i) => i.message) };
  },
};
