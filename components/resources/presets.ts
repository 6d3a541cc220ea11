import type { VideoInput } from "@/lib/ivs/structures";

/** A complete encoder output (every member set), as the presets and the service's defaults describe it. */
export interface VideoSettings {
  readonly width: number;
  readonly height: number;
  readonly framerate: number;
  readonly bitrate: number;
}

export interface EncoderPreset {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly video: VideoSettings;
}

/** Participants publish at most 720p (api §6.2); a composition may still render a larger output. */
export const PUBLISH_PIXEL_LIMIT = 1280 * 720;

/** What IVS fills in for members left out (api §5). */
export const defaultVideo: VideoSettings = { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 };

export const encoderPresets: readonly EncoderPreset[] = [
  {
    id: "720p30",
    label: "720p30",
    description: "1280×720 landscape, 30 fps, 2.5 Mbps. The service default; matches what participants can publish.",
    video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
  },
  {
    id: "1080p30",
    label: "1080p30",
    description:
      "1920×1080, 30 fps, 3.5 Mbps. Participants publish at most 720p, but a composition may output 1080p (a grid of several publishers gains from it).",
    video: { width: 1920, height: 1080, framerate: 30, bitrate: 3_500_000 },
  },
  {
    id: "720p60",
    label: "720p60",
    description: "1280×720, 60 fps, 4.5 Mbps. Smooth motion for sports and games.",
    video: { width: 1280, height: 720, framerate: 60, bitrate: 4_500_000 },
  },
  {
    id: "portrait-720",
    label: "Portrait 720×1280",
    description: "Vertical video for phones, 30 fps, 2.5 Mbps.",
    video: { width: 720, height: 1280, framerate: 30, bitrate: 2_500_000 },
  },
  {
    id: "portrait-1080",
    label: "Portrait 1080×1920",
    description: "Full-HD vertical composition, 30 fps, 3.5 Mbps.",
    video: { width: 1080, height: 1920, framerate: 30, bitrate: 3_500_000 },
  },
  {
    id: "audio-first",
    label: "Audio-first (low bitrate)",
    description:
      "640×360, 15 fps, 500 kbps. For podcasts and talk shows: a small picture leaves bandwidth to audio and to viewers on weak networks.",
    video: { width: 640, height: 360, framerate: 15, bitrate: 500_000 },
  },
];

export type PresetChoice = EncoderPreset["id"] | "custom";

/** The text of the four video fields of the create form. */
export interface VideoFields {
  readonly width: string;
  readonly height: string;
  readonly framerate: string;
  readonly bitrate: string;
}

export function fieldsOf(video: VideoSettings): VideoFields {
  return {
    width: String(video.width),
    height: String(video.height),
    framerate: String(video.framerate),
    bitrate: String(video.bitrate),
  };
}

/** Blank = left out (the service default applies); anything else becomes a number (NaN when it is not one). */
function numberOrOmitted(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

/** The `video` member a form describes; members left blank are omitted. */
export function videoFromFields(fields: VideoFields): VideoInput {
  const video: { width?: number; height?: number; framerate?: number; bitrate?: number } = {};
  for (const key of ["width", "height", "framerate", "bitrate"] as const) {
    const value = numberOrOmitted(fields[key]);
    if (value !== undefined) video[key] = value;
  }
  return video;
}

/** The preset whose four values the fields hold exactly, else "custom". */
export function presetMatching(fields: VideoFields): PresetChoice {
  const video = videoFromFields(fields);
  const match = encoderPresets.find(
    (preset) =>
      preset.video.width === video.width &&
      preset.video.height === video.height &&
      preset.video.framerate === video.framerate &&
      preset.video.bitrate === video.bitrate,
  );
  return match?.id ?? "custom";
}

/** "2.5 Mbps", "500 kbps", "900 bps". */
export function formatBitrate(bps: number | undefined): string {
  if (bps === undefined || !Number.isFinite(bps)) return "—";
  if (bps >= 1_000_000) return `${Number((bps / 1_000_000).toFixed(2))} Mbps`;
  if (bps >= 1_000) return `${Number((bps / 1_000).toFixed(1))} kbps`;
  return `${bps} bps`;
}

export function formatFramerate(fps: number | undefined): string {
  return fps === undefined || !Number.isFinite(fps) ? "—" : `${Number(fps.toFixed(3))} fps`;
}

export function formatSize(video: { width?: number; height?: number } | undefined): string {
  return video?.width !== undefined && video.height !== undefined ? `${video.width}×${video.height}` : "—";
}

/** Whether an output is larger than what a single participant can publish (still valid for compositions). */
export function exceedsPublishLimit(video: VideoInput): boolean {
  const width = video.width ?? defaultVideo.width;
  const height = video.height ?? defaultVideo.height;
  return Number.isFinite(width * height) && width * height > PUBLISH_PIXEL_LIMIT;
}
