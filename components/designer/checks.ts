/**
 * The pre-flight check before StartComposition: a live session with publishers (IVS stops a composition 60 s
 * after start without one), encoder limits, composition quota headroom, valid destinations and layout.
 * Pure and free of zod: the encoder limits come in as `checkVideo` (shape-checks.ts, loaded after the page);
 * preflight.ts applies them synchronously. The designer feeds it what its reads returned.
 */
import type { LayoutWarning } from "@/lib/layout/types";
import type { FieldErrors } from "./forms";
import type { VideoSettings } from "./shape-checks";

/** api §6.2: concurrent compositions per stage and per account (adjustable; the defaults). */
export const COMPOSITIONS_PER_STAGE = 5;
export const COMPOSITIONS_PER_ACCOUNT = 20;
/** api §10.3: a composition stops this long after nobody publishes. */
export const IDLE_STOP_SECONDS = 60;
/** Participants publish at most 720p (api §6.2). */
const PUBLISH_PIXELS = 1280 * 720;

/** `todo`: nothing is wrong yet, but something must still be chosen (blocks Start without looking like a mistake). */
export type CheckLevel = "ok" | "warn" | "error" | "pending" | "todo";

/** The request's message when no destination is chosen yet: a to-do, not an error, until the user acts. */
export const noDestinationMessage = "Choose at least one destination: an IVS channel, S3, or both.";

export interface Check {
  readonly id: string;
  readonly level: CheckLevel;
  readonly title: string;
  readonly detail: string;
}

export interface EncoderFact {
  readonly arn: string;
  readonly label: string;
  /** Where it is used: "channel", "S3" or both. */
  readonly usedBy: string;
  /** Undefined while loading; null when IVS says it does not exist. */
  readonly video: { width?: number; height?: number; framerate?: number; bitrate?: number } | null | undefined;
}

export interface PreflightInput {
  readonly stage:
    { readonly arn: string; readonly name?: string; readonly activeSessionId?: string } | null | undefined;
  /** Publishers in the active session (undefined: not known yet). */
  readonly publishers: number | undefined;
  readonly layoutErrors: FieldErrors;
  readonly requestErrors: FieldErrors;
  readonly layoutWarnings: readonly LayoutWarning[];
  readonly encoders: readonly EncoderFact[];
  /** Running compositions of the region (undefined: not known yet). */
  readonly compositions: readonly { readonly stageArn: string; readonly state: string }[] | undefined;
  /** The storage configuration chosen for S3 exists (undefined: not chosen or not known yet). */
  readonly storageExists?: boolean;
}

const running = (state: string) => state === "STARTING" || state === "ACTIVE";

function count(errors: FieldErrors): number {
  return Object.values(errors).reduce((sum, list) => sum + list.length, 0);
}

/** Why video settings are outside the encoder limits, one `member: message` each (empty when within). */
export type VideoCheck = (video: VideoSettings) => readonly string[];

function encoderCheck(encoder: EncoderFact, checkVideo: VideoCheck | undefined): Check {
  const id = `encoder-${encoder.arn}`;
  const title = `Encoder ${encoder.label} (${encoder.usedBy})`;
  if (encoder.video === undefined) return { id, level: "pending", title, detail: "Reading its video settings…" };
  if (encoder.video === null)
    return { id, level: "error", title, detail: "IVS does not know this encoder configuration in this region." };
  if (!checkVideo) return { id, level: "pending", title, detail: "Checking its video settings…" };
  const video: VideoSettings = { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000, ...encoder.video };
  const problems = checkVideo(video);
  if (problems.length)
    return { id, level: "error", title, detail: `Outside the encoder limits: ${problems.join("; ")}.` };
  const size = `${video.width}×${video.height}, ${video.framerate} fps, ${(video.bitrate / 1_000_000).toFixed(2).replace(/\.?0+$/, "")} Mbps`;
  if (video.width * video.height > PUBLISH_PIXELS) {
    return {
      id,
      level: "ok",
      title,
      detail: `${size}. Within the limits; larger than what one participant publishes (720p), which suits a grid of several.`,
    };
  }
  return {
    id,
    level: "ok",
    title,
    detail: `${size}. Within the limits (even sides up to 1920, at most 2,073,600 pixels, 1–60 fps, at most 8.5 Mbps).`,
  };
}

/**
 * The checks, in display order. `checkVideo` is undefined while the shared shapes load: the layout, the
 * destinations and the encoders that show no problem so far are then pending, not OK.
 */
export function preflightChecks(input: PreflightInput, checkVideo: VideoCheck | undefined): Check[] {
  const checking = checkVideo === undefined;
  const checks: Check[] = [];

  // Stage and session.
  if (input.stage === undefined)
    checks.push({ id: "stage", level: "pending", title: "Stage", detail: "Reading the stage…" });
  else if (input.stage === null)
    checks.push({ id: "stage", level: "error", title: "Stage", detail: "Choose the stage to compose." });
  else {
    const name = input.stage.name || input.stage.arn;
    if (!input.stage.activeSessionId) {
      checks.push({
        id: "session",
        level: "warn",
        title: `Stage ${name}: no live session`,
        detail: `Nobody is on the stage. IVS stops a composition ${IDLE_STOP_SECONDS} s after it starts if nobody publishes by then.`,
      });
    } else if (input.publishers === undefined) {
      checks.push({
        id: "session",
        level: "pending",
        title: `Stage ${name}: live session`,
        detail: "Counting publishers…",
      });
    } else if (input.publishers === 0) {
      checks.push({
        id: "session",
        level: "warn",
        title: `Stage ${name}: live session without publishers`,
        detail: `Participants are connected but nobody has published. IVS stops a composition ${IDLE_STOP_SECONDS} s after it starts without publishers.`,
      });
    } else {
      checks.push({
        id: "session",
        level: "ok",
        title: `Stage ${name}: live session`,
        detail: `${input.publishers} participant${input.publishers === 1 ? " has" : "s have"} published in session ${input.stage.activeSessionId}.`,
      });
    }
  }

  // Layout.
  const layoutProblems = count(input.layoutErrors);
  checks.push(
    layoutProblems
      ? {
          id: "layout",
          level: "error",
          title: "Layout",
          detail: `${layoutProblems} invalid setting${layoutProblems === 1 ? "" : "s"}: see the layout form.`,
        }
      : checking
        ? { id: "layout", level: "pending", title: "Layout", detail: "Checking the settings…" }
        : input.layoutWarnings.length
          ? {
              id: "layout",
              level: "warn",
              title: "Layout",
              detail: `Valid, with ${input.layoutWarnings.length} warning${input.layoutWarnings.length === 1 ? "" : "s"}: ${input.layoutWarnings.map((w) => w.message).join(" ")}`,
            }
          : { id: "layout", level: "ok", title: "Layout", detail: "Valid." },
  );

  // Destinations (everything but the layout's own members).
  const destinationErrors = Object.fromEntries(
    Object.entries(input.requestErrors).filter(([key]) => !key.startsWith("layout") && key !== "stageArn"),
  );
  const destinationProblems = count(destinationErrors);
  const nothingChosen = destinationProblems === 1 && destinationErrors.destinations?.[0] === noDestinationMessage;
  checks.push(
    nothingChosen
      ? {
          id: "destinations",
          level: "todo",
          title: "Destinations",
          detail: "Choose where the composition goes: an IVS channel, S3, or both.",
        }
      : destinationProblems
        ? {
            id: "destinations",
            level: "error",
            title: "Destinations",
            detail: Object.values(destinationErrors).flat().join(" "),
          }
        : input.storageExists === false
          ? {
              id: "destinations",
              level: "error",
              title: "Destinations",
              detail: "The chosen storage configuration does not exist in this region.",
            }
          : checking
            ? { id: "destinations", level: "pending", title: "Destinations", detail: "Checking the settings…" }
            : {
                id: "destinations",
                level: "ok",
                title: "Destinations",
                detail: "Valid: at most one channel and one S3 destination, each complete.",
              },
  );

  for (const encoder of input.encoders) checks.push(encoderCheck(encoder, checkVideo));

  // Quotas.
  if (input.compositions === undefined) {
    checks.push({
      id: "quota",
      level: "pending",
      title: "Composition quotas",
      detail: "Counting running compositions…",
    });
  } else {
    const active = input.compositions.filter((c) => running(c.state));
    const onStage = input.stage ? active.filter((c) => c.stageArn === input.stage?.arn).length : 0;
    const level: CheckLevel =
      active.length >= COMPOSITIONS_PER_ACCOUNT || onStage >= COMPOSITIONS_PER_STAGE
        ? "error"
        : active.length === COMPOSITIONS_PER_ACCOUNT - 1 || onStage === COMPOSITIONS_PER_STAGE - 1
          ? "warn"
          : "ok";
    checks.push({
      id: "quota",
      level,
      title: "Composition quotas",
      detail: `${onStage} of ${COMPOSITIONS_PER_STAGE} running on this stage, ${active.length} of ${COMPOSITIONS_PER_ACCOUNT} in this account and region${
        level === "error" ? ": at the quota, IVS would refuse (ServiceQuotaExceededException)." : "."
      }`,
    });
  }
  return checks;
}

/** Start is allowed when nothing is an error (warnings and pending reads do not block). */
export function canStart(checks: readonly Check[]): boolean {
  return checks.every((check) => check.level !== "error" && check.level !== "todo");
}
