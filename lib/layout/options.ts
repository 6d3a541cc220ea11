/**
 * LayoutConfiguration defaults (api §8) and their resolution: what a layout means once every member left out
 * (or echoed as `""`) takes its documented default.
 */
import type { PipBehavior, PipPosition, VideoAspectRatio, VideoFillMode } from "@/lib/ivs/enums";
import {
  PipBehaviorValues,
  PipPositionValues,
  VideoAspectRatioValues,
  VideoFillModeValues,
} from "@/lib/ivs/enum-values";
import type { LayoutSpec, ResolvedGrid, ResolvedLayout, ResolvedPip, Size } from "./types";

/** Documented defaults (api §8 and the CLI echoes in §5). */
export const layoutDefaults = {
  grid: {
    gridGap: 2,
    omitStoppedVideo: false,
    videoAspectRatio: "VIDEO" as VideoAspectRatio,
    /** Unset: COVER for grid tiles, CONTAIN for the featured participant. */
    videoFillMode: { tiles: "COVER" as VideoFillMode, featured: "CONTAIN" as VideoFillMode },
  },
  pip: {
    gridGap: 0,
    omitStoppedVideo: false,
    videoFillMode: "COVER" as VideoFillMode,
    pipBehavior: "STATIC" as PipBehavior,
    pipPosition: "BOTTOM_RIGHT" as PipPosition,
    pipOffset: 0,
  },
} as const;

/** An encoder configuration's default output size (api §5). */
export const defaultCanvas: Size = { width: 1280, height: 720 };

/** The aspect of non-featured grid tiles; AUTO follows each participant's source. */
export const aspectRatios: Readonly<Record<Exclude<VideoAspectRatio, "AUTO">, number>> = {
  VIDEO: 16 / 9,
  SQUARE: 1,
  PORTRAIT: 3 / 4,
};

/** The aspect assumed for a source whose aspect is unknown. */
export const defaultSourceAspect = 16 / 9;

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

function attribute(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

/** A non-negative whole number of pixels, or the fallback. */
function pixels(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;
}

/** The layout a composition renders: PiP when `pip` is present (also next to `grid`), else grid. */
export function resolveLayout(spec: LayoutSpec | undefined): ResolvedLayout {
  const pip = spec?.pip;
  if (pip) {
    const width = positive(pip.pipWidth);
    const height = positive(pip.pipHeight);
    const featuredAttribute = attribute(pip.featuredParticipantAttribute);
    const orderAttribute = attribute(pip.participantOrderAttribute);
    const pipAttribute = attribute(pip.pipParticipantAttribute);
    const resolved: ResolvedPip = {
      kind: "pip",
      ...(featuredAttribute ? { featuredAttribute } : {}),
      ...(orderAttribute ? { orderAttribute } : {}),
      ...(pipAttribute ? { pipAttribute } : {}),
      omitStoppedVideo: pip.omitStoppedVideo ?? layoutDefaults.pip.omitStoppedVideo,
      fillMode: oneOf(VideoFillModeValues, pip.videoFillMode) ?? layoutDefaults.pip.videoFillMode,
      gap: pixels(pip.gridGap, layoutDefaults.pip.gridGap),
      behavior: oneOf(PipBehaviorValues, pip.pipBehavior) ?? layoutDefaults.pip.pipBehavior,
      position: oneOf(PipPositionValues, pip.pipPosition) ?? layoutDefaults.pip.pipPosition,
      offset: pixels(pip.pipOffset, layoutDefaults.pip.pipOffset),
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
    };
    return resolved;
  }
  const grid = spec?.grid ?? {};
  const featuredAttribute = attribute(grid.featuredParticipantAttribute);
  const orderAttribute = attribute(grid.participantOrderAttribute);
  const fillMode = oneOf(VideoFillModeValues, grid.videoFillMode);
  const resolved: ResolvedGrid = {
    kind: "grid",
    ...(featuredAttribute ? { featuredAttribute } : {}),
    ...(orderAttribute ? { orderAttribute } : {}),
    omitStoppedVideo: grid.omitStoppedVideo ?? layoutDefaults.grid.omitStoppedVideo,
    aspectRatio: oneOf(VideoAspectRatioValues, grid.videoAspectRatio) ?? layoutDefaults.grid.videoAspectRatio,
    ...(fillMode ? { fillMode } : {}),
    gap: pixels(grid.gridGap, layoutDefaults.grid.gridGap),
  };
  return resolved;
}

/** The output size of an encoder configuration's `video` (members left out take the defaults). */
export function canvasOf(video: { width?: number; height?: number } | undefined): Size {
  const width = video?.width;
  const height = video?.height;
  return {
    width: width !== undefined && Number.isFinite(width) && width >= 2 ? Math.floor(width) : defaultCanvas.width,
    height: height !== undefined && Number.isFinite(height) && height >= 2 ? Math.floor(height) : defaultCanvas.height,
  };
}
