/**
 * The designer's forms and what they become: the LayoutConfiguration, the destinations and the exact
 * StartComposition request, validated with the shared shapes (field messages keyed by dotted path).
 * Pure (no React), tested in model.test.ts.
 */
import type { PipBehavior, PipPosition, VideoAspectRatio, VideoFillMode } from "@/lib/ivs/enums";
import { StartCompositionInput, type InputOf } from "@/lib/ivs/operations";
import { LayoutConfigurationInput, type DestinationConfigurationInput } from "@/lib/ivs/structures";
import { fieldErrors } from "@/lib/ivs/validation-message";
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

function set<T extends object, K extends string, V>(target: T, key: K, value: V | undefined | ""): T & Partial<Record<K, V>> {
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

/** Field messages of a layout, keyed like `pip.pipWidth` (empty when valid). */
export function layoutErrors(layout: LayoutInput): FieldErrors {
  const parsed = LayoutConfigurationInput.safeParse(layout);
  return parsed.success ? {} : fieldErrors(parsed.error);
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
  s3: { enabled: false, name: "", storageArn: "", encoderArn: "", segmentSeconds: "", thumbnails: true, thumbnailInterval: "", sequential: true, latest: false },
};

/** Where each enabled destination lands in `destinations` (channel first). */
export function destinationIndex(form: DestinationsForm, kind: "channel" | "s3"): number | undefined {
  if (kind === "channel") return form.channel.enabled ? 0 : undefined;
  return form.s3.enabled ? (form.channel.enabled ? 1 : 0) : undefined;
}

export function destinationsFromForm(form: DestinationsForm): DestinationConfigurationInput[] {
  const list: DestinationConfigurationInput[] = [];
  const { channel, s3 } = form;
  if (channel.enabled) {
    list.push({
      ...(channel.name.trim() ? { name: channel.name.trim() } : {}),
      channel: { channelArn: channel.channelArn.trim(), ...(channel.encoderArn ? { encoderConfigurationArn: channel.encoderArn } : {}) },
    });
  }
  if (s3.enabled) {
    const segment = numberOrOmitted(s3.segmentSeconds);
    const interval = numberOrOmitted(s3.thumbnailInterval);
    const storage = [...(s3.sequential ? (["SEQUENTIAL"] as const) : []), ...(s3.latest ? (["LATEST"] as const) : [])];
    const defaultThumbnails = interval === undefined && s3.sequential && !s3.latest;
    list.push({
      ...(s3.name.trim() ? { name: s3.name.trim() } : {}),
      s3: {
        storageConfigurationArn: s3.storageArn,
        // Exactly one encoder configuration; an empty choice is sent as nothing so the shape says "required".
        encoderConfigurationArns: s3.encoderArn ? [s3.encoderArn] : [],
        ...(segment !== undefined ? { recordingConfiguration: { hlsConfiguration: { targetSegmentDurationSeconds: segment } } } : {}),
        // IVS records thumbnails by default (every 60 s, SEQUENTIAL): send nothing for that, [] for "off".
        ...(!s3.thumbnails
          ? { thumbnailConfigurations: [] }
          : defaultThumbnails
            ? {}
            : { thumbnailConfigurations: [{ ...(interval !== undefined ? { targetIntervalSeconds: interval } : {}), storage }] }),
      },
    });
  }
  return list;
}

/** Checks the shapes cannot express (or word well) for the designer's destination forms. */
export function destinationFormErrors(form: DestinationsForm): FieldErrors {
  const errors: Record<string, string[]> = {};
  if (!form.channel.enabled && !form.s3.enabled) errors.destinations = ["Choose at least one destination: an IVS channel, S3, or both."];
  const s3 = destinationIndex(form, "s3");
  if (s3 !== undefined) {
    if (!form.s3.storageArn) errors[`destinations.${s3}.s3.storageConfigurationArn`] = ["Choose a storage configuration."];
    if (!form.s3.encoderArn) errors[`destinations.${s3}.s3.encoderConfigurationArns`] = ["An S3 destination needs exactly one encoder configuration."];
    if (form.s3.thumbnails && !form.s3.sequential && !form.s3.latest) {
      errors[`destinations.${s3}.s3.thumbnailConfigurations.0.storage`] = ["Choose where thumbnails go (sequential, latest or both), or turn thumbnails off."];
    }
  }
  const channel = destinationIndex(form, "channel");
  if (channel !== undefined && !form.channel.channelArn.trim()) errors[`destinations.${channel}.channel.channelArn`] = ["Enter the ARN of an IVS channel."];
  return errors;
}

/** Region of an ARN (`arn:aws:ivs:<region>:…`). */
export function arnRegion(arn: string): string | undefined {
  return arn.split(":")[3];
}

// -------------------------------------------------------------------------------------------------------
// The request

/** The StartComposition request the designer sends (the idempotency token is added per click). */
export function buildStartRequest(parts: {
  stageArn: string;
  layout: LayoutInput;
  destinations: DestinationsForm;
  tags?: Readonly<Record<string, string>>;
}): StartRequest {
  return {
    stageArn: parts.stageArn,
    layout: parts.layout,
    destinations: destinationsFromForm(parts.destinations),
    ...(parts.tags && Object.keys(parts.tags).length ? { tags: { ...parts.tags } } : {}),
  };
}

function merge(...sources: FieldErrors[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const source of sources) {
    for (const [key, list] of Object.entries(source)) {
      const target = (out[key] ??= []);
      for (const message of list) if (!target.includes(message)) target.push(message);
    }
  }
  return out;
}

/** Every problem of a request: the shared StartComposition shape plus the designer's own rules. */
export function requestErrors(request: StartRequest, destinations: DestinationsForm, region: string): FieldErrors {
  const parsed = StartCompositionInput.safeParse(request);
  const shape = parsed.success ? {} : fieldErrors(parsed.error);
  const extra: Record<string, string[]> = {};
  const channel = destinationIndex(destinations, "channel");
  const channelArn = destinations.channel.channelArn.trim();
  if (channel !== undefined && channelArn.startsWith("arn:") && arnRegion(channelArn) !== region) {
    extra[`destinations.${channel}.channel.channelArn`] = [`The channel must be in this region (${region}); this ARN is in ${arnRegion(channelArn) || "no region"}.`];
  }
  if (!request.stageArn) extra.stageArn = ["Choose a stage."];
  // The designer's own wording wins over the shape's for the same field (one clear message each).
  const own = merge(destinationFormErrors(destinations), extra);
  return merge(own, Object.fromEntries(Object.entries(shape).filter(([key]) => !(key in own))));
}

/** Messages for one field and everything under it (`destinations.1.s3` → its members too). */
export function messagesUnder(errors: FieldErrors, prefix: string): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === prefix || key.startsWith(`${prefix}.`))
    .flatMap(([, list]) => list);
}
