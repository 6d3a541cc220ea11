/**
 * The designer's forms: the layout form and the LayoutConfiguration it describes, and the destinations form.
 * Pure (no React) and free of zod, so it loads with the page. request.ts turns the forms into the
 * StartComposition request; the checks against the shared shapes are in shape-checks.ts (loaded after the
 * page); model.ts puts all three together. Tested in model.test.ts.
 */
import type { PipBehavior, PipPosition, VideoAspectRatio, VideoFillMode } from "@/lib/ivs/enums";
import type { InputOf } from "@/lib/ivs/operations";
import type { LayoutSpec } from "@/lib/layout/types";

export type LayoutKind = "grid" | "pip";
export type LayoutInput = NonNullable<InputOf<"StartComposition">["layout"]>;
export type StartRequest = Omit<InputOf<"StartComposition">, "idempotencyToken">;
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export interface GridForm {
  readonly featuredParticipantAttribute: string;
  readonly participantOrderAttribute: string;
  readonly omitStoppedVideo: boolean;
  readonly videoAspectRatio: "" | VideoAspectRatio;
  readonly videoFillMode: "" | VideoFillMode;
  readonly gridGap: string;
}

export interface PipForm {
  readonly featuredParticipantAttribute: string;
  readonly participantOrderAttribute: string;
  readonly pipParticipantAttribute: string;
  readonly omitStoppedVideo: boolean;
  readonly videoFillMode: "" | VideoFillMode;
  readonly gridGap: string;
  readonly pipBehavior: "" | PipBehavior;
  readonly pipPosition: "" | PipPosition;
  readonly pipOffset: string;
  readonly pipWidth: string;
  readonly pipHeight: string;
}

export interface LayoutForm {
  readonly kind: LayoutKind;
  readonly grid: GridForm;
  readonly pip: PipForm;
}

export const emptyGridForm: GridForm = {
  featuredParticipantAttribute: "",
  participantOrderAttribute: "",
  omitStoppedVideo: false,
  videoAspectRatio: "",
  videoFillMode: "",
  gridGap: "",
};

export const emptyPipForm: PipForm = {
  featuredParticipantAttribute: "",
  participantOrderAttribute: "",
  pipParticipantAttribute: "",
  omitStoppedVideo: false,
  videoFillMode: "",
  gridGap: "",
  pipBehavior: "",
  pipPosition: "",
  pipOffset: "",
  pipWidth: "",
  pipHeight: "",
};

export const emptyLayoutForm: LayoutForm = { kind: "grid", grid: emptyGridForm, pip: emptyPipForm };

/** Blank = left out (the documented default applies); anything else a number (NaN when it is not one). */
export function numberOrOmitted(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

function set<T extends object, K extends string, V>(
  target: T,
  key: K,
  value: V | undefined | "",
): T & Partial<Record<K, V>> {
  return value === undefined || value === "" ? target : { ...target, [key]: value };
}

/** The LayoutConfiguration a form describes: only the members the producer set. */
export function layoutFromForm(form: LayoutForm): LayoutInput {
  if (form.kind === "grid") {
    const g = form.grid;
    let grid = {};
    grid = set(grid, "featuredParticipantAttribute", g.featuredParticipantAttribute.trim());
    grid = set(grid, "participantOrderAttribute", g.participantOrderAttribute.trim());
    grid = set(grid, "omitStoppedVideo", g.omitStoppedVideo ? true : undefined);
    grid = set(grid, "videoAspectRatio", g.videoAspectRatio);
    grid = set(grid, "videoFillMode", g.videoFillMode);
    grid = set(grid, "gridGap", numberOrOmitted(g.gridGap));
    return { grid } as LayoutInput;
  }
  const p = form.pip;
  let pip = {};
  pip = set(pip, "featuredParticipantAttribute", p.featuredParticipantAttribute.trim());
  pip = set(pip, "participantOrderAttribute", p.participantOrderAttribute.trim());
  pip = set(pip, "pipParticipantAttribute", p.pipParticipantAttribute.trim());
  pip = set(pip, "omitStoppedVideo", p.omitStoppedVideo ? true : undefined);
  pip = set(pip, "videoFillMode", p.videoFillMode);
  pip = set(pip, "gridGap", numberOrOmitted(p.gridGap));
  pip = set(pip, "pipBehavior", p.pipBehavior);
  pip = set(pip, "pipPosition", p.pipPosition);
  pip = set(pip, "pipOffset", numberOrOmitted(p.pipOffset));
  pip = set(pip, "pipWidth", numberOrOmitted(p.pipWidth));
  pip = set(pip, "pipHeight", numberOrOmitted(p.pipHeight));
  return { pip } as LayoutInput;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");
const numberText = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? String(value) : "");
function option<T extends string>(value: unknown, allowed: readonly T[]): "" | T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : "";
}

/** A form showing a layout (a preset's, or one IVS echoes, where `""` means unset). PiP wins over grid. */
export function formFromLayout(layout: LayoutSpec): LayoutForm {
  if (layout.pip) {
    const p = layout.pip;
    return {
      kind: "pip",
      grid: emptyGridForm,
      pip: {
        featuredParticipantAttribute: text(p.featuredParticipantAttribute),
        participantOrderAttribute: text(p.participantOrderAttribute),
        pipParticipantAttribute: text(p.pipParticipantAttribute),
        omitStoppedVideo: p.omitStoppedVideo === true,
        videoFillMode: option(p.videoFillMode, ["FILL", "COVER", "CONTAIN"] as const),
        gridGap: numberText(p.gridGap),
        pipBehavior: option(p.pipBehavior, ["STATIC", "DYNAMIC"] as const),
        pipPosition: option(p.pipPosition, ["TOP_LEFT", "TOP_RIGHT", "BOTTOM_LEFT", "BOTTOM_RIGHT"] as const),
        pipOffset: numberText(p.pipOffset),
        pipWidth: numberText(p.pipWidth),
        pipHeight: numberText(p.pipHeight),
      },
    };
  }
  const g = layout.grid ?? {};
  return {
    kind: "grid",
    pip: emptyPipForm,
    grid: {
      featuredParticipantAttribute: text(g.featuredParticipantAttribute),
      participantOrderAttribute: text(g.participantOrderAttribute),
      omitStoppedVideo: g.omitStoppedVideo === true,
      videoAspectRatio: option(g.videoAspectRatio, ["AUTO", "VIDEO", "SQUARE", "PORTRAIT"] as const),
      videoFillMode: option(g.videoFillMode, ["FILL", "COVER", "CONTAIN"] as const),
      gridGap: numberText(g.gridGap),
    },
  };
}

// -------------------------------------------------------------------------------------------------------
// Destinations

export interface ChannelForm {
  readonly enabled: boolean;
  readonly name: string;
  readonly channelArn: string;
  readonly encoderArn: string;
}

export interface S3Form {
  readonly enabled: boolean;
  readonly name: string;
  readonly storageArn: string;
  readonly encoderArn: string;
  readonly segmentSeconds: string;
  readonly thumbnails: boolean;
  readonly thumbnailInterval: string;
  readonly sequential: boolean;
  readonly latest: boolean;
}

export interface DestinationsForm {
  readonly channel: ChannelForm;
  readonly s3: S3Form;
}

export const emptyDestinations: DestinationsForm = {
  channel: { enabled: false, name: "", channelArn: "", encoderArn: "" },
  s3: {
    enabled: false,
    name: "",
    storageArn: "",
    encoderArn: "",
    segmentSeconds: "",
    thumbnails: true,
    thumbnailInterval: "",
    sequential: true,
    latest: false,
  },
};
