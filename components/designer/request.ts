/**
 * The StartComposition request the designer's forms describe, and the designer's own rules for it (field
 * messages keyed by dotted path). Pure (no React) and free of zod; loaded with the request panels, after the
 * page. Tested in model.test.ts.
 */
import type { DestinationConfigurationInput } from "@/lib/ivs/structures";
import { noDestinationMessage } from "./checks";
import { numberOrOmitted, type DestinationsForm, type FieldErrors, type LayoutInput, type StartRequest } from "./forms";

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
      channel: {
        channelArn: channel.channelArn.trim(),
        ...(channel.encoderArn ? { encoderConfigurationArn: channel.encoderArn } : {}),
      },
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
        ...(segment !== undefined
          ? { recordingConfiguration: { hlsConfiguration: { targetSegmentDurationSeconds: segment } } }
          : {}),
        // IVS records thumbnails by default (every 60 s, SEQUENTIAL): send nothing for that, [] for "off".
        ...(!s3.thumbnails
          ? { thumbnailConfigurations: [] }
          : defaultThumbnails
            ? {}
            : {
                thumbnailConfigurations: [
                  { ...(interval !== undefined ? { targetIntervalSeconds: interval } : {}), storage },
                ],
              }),
      },
    });
  }
  return list;
}

/** Checks the shapes cannot express (or word well) for the designer's destination forms. */
export function destinationFormErrors(form: DestinationsForm): FieldErrors {
  const errors: Record<string, string[]> = {};
  if (!form.channel.enabled && !form.s3.enabled) errors.destinations = [noDestinationMessage];
  const s3 = destinationIndex(form, "s3");
  if (s3 !== undefined) {
    if (!form.s3.storageArn)
      errors[`destinations.${s3}.s3.storageConfigurationArn`] = ["Choose a storage configuration."];
    if (!form.s3.encoderArn)
      errors[`destinations.${s3}.s3.encoderConfigurationArns`] = [
        "An S3 destination needs exactly one encoder configuration.",
      ];
    if (form.s3.thumbnails && !form.s3.sequential && !form.s3.latest) {
      errors[`destinations.${s3}.s3.thumbnailConfigurations.0.storage`] = [
        "Choose where thumbnails go (sequential, latest or both), or turn thumbnails off.",
      ];
    }
  }
  const channel = destinationIndex(form, "channel");
  if (channel !== undefined && !form.channel.channelArn.trim())
    errors[`destinations.${channel}.channel.channelArn`] = ["Enter the ARN of an IVS channel."];
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

/**
 * Every problem of a request: the designer's own rules plus `shape`, the request's messages from the shared
 * StartComposition shape (`{}` while the shapes are not loaded yet: then only the designer's rules apply).
 */
export function requestErrorsWith(
  shape: FieldErrors,
  request: StartRequest,
  destinations: DestinationsForm,
  region: string,
): FieldErrors {
  const extra: Record<string, string[]> = {};
  const channel = destinationIndex(destinations, "channel");
  const channelArn = destinations.channel.channelArn.trim();
  if (channel !== undefined && channelArn.startsWith("arn:") && arnRegion(channelArn) !== region) {
    extra[`destinations.${channel}.channel.channelArn`] = [
      `The channel must be in this region (${region}); this ARN is in ${arnRegion(channelArn) || "no region"}.`,
    ];
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
