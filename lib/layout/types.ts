/**
 * Shapes of the layout engine (pure: no DOM, no IVS calls). Coordinates are output pixels, origin top left.
 */
import type { PipBehavior, PipPosition, VideoAspectRatio, VideoFillMode } from "@/lib/ivs/enums";

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One stage participant as the composition sees it. */
export interface LayoutParticipant {
  readonly id: string;
  /** What the preview prints on the tile (user id, or the participant id). */
  readonly name: string;
  /** Token attributes (featured / PiP / order attributes are read from here). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Publishing at all (subscribers only are never composed). */
  readonly publishing: boolean;
  /** Whether the video track is on (an audio-only publisher has `false`). */
  readonly videoOn: boolean;
  /** Source video aspect (width / height); 16:9 when unknown. */
  readonly aspect?: number;
}

/**
 * A layout as the engine reads it: LayoutConfiguration input (members left out) or as IVS echoes it (`""` for
 * unset strings and enums). Unknown or empty values mean "unset".
 */
export interface GridSpec {
  readonly featuredParticipantAttribute?: string;
  readonly omitStoppedVideo?: boolean;
  readonly videoAspectRatio?: string;
  readonly videoFillMode?: string;
  readonly gridGap?: number;
  readonly participantOrderAttribute?: string;
}

export interface PipSpec {
  readonly featuredParticipantAttribute?: string;
  readonly omitStoppedVideo?: boolean;
  readonly videoFillMode?: string;
  readonly gridGap?: number;
  readonly pipParticipantAttribute?: string;
  readonly pipBehavior?: string;
  readonly pipOffset?: number;
  readonly pipPosition?: string;
  readonly pipWidth?: number;
  readonly pipHeight?: number;
  readonly participantOrderAttribute?: string;
}

export interface LayoutSpec {
  readonly grid?: GridSpec;
  readonly pip?: PipSpec;
}

export interface ResolvedGrid {
  readonly kind: "grid";
  readonly featuredAttribute?: string;
  readonly orderAttribute?: string;
  readonly omitStoppedVideo: boolean;
  readonly aspectRatio: VideoAspectRatio;
  /** Unset = COVER for grid tiles and CONTAIN for the featured tile. */
  readonly fillMode?: VideoFillMode;
  readonly gap: number;
}

export interface ResolvedPip {
  readonly kind: "pip";
  readonly featuredAttribute?: string;
  readonly orderAttribute?: string;
  readonly pipAttribute?: string;
  readonly omitStoppedVideo: boolean;
  readonly fillMode: VideoFillMode;
  readonly gap: number;
  readonly behavior: PipBehavior;
  readonly position: PipPosition;
  readonly offset: number;
  readonly width?: number;
  readonly height?: number;
}

export type ResolvedLayout = ResolvedGrid | ResolvedPip;

export type TileRole = "grid" | "featured" | "main" | "pip";

export interface LayoutTile {
  readonly participantId: string;
  readonly name: string;
  /** grid: a grid slot; featured: the larger slot; main: a PiP layout's background slot; pip: the PiP window. */
  readonly role: TileRole;
  /** The slot, integer pixels, inside the canvas. */
  readonly rect: Rect;
  /** Where the source video is drawn: FILL = the slot, CONTAIN = inside it, COVER = covering it (clipped). */
  readonly content: Rect;
  readonly fillMode: VideoFillMode;
  readonly sourceAspect: number;
  readonly videoOn: boolean;
  /** 0-based position in the composed order (after omissions). */
  readonly position: number;
  /** Drawing order: 1 for the PiP window (on top), 0 otherwise. */
  readonly z: 0 | 1;
}

export type OmitReason = "not-publishing" | "video-stopped";

export type WarningCode =
  | "no-participants"
  | "too-many-publishers"
  | "order-not-numeric"
  | "order-attribute-unmatched"
  | "featured-attribute-unmatched"
  | "featured-value-not-true"
  | "featured-multiple"
  | "featured-is-pip"
  | "pip-attribute-unset"
  | "pip-attribute-unmatched"
  | "pip-value-not-true"
  | "pip-multiple"
  | "pip-clamped"
  | "gap-reduced";

export interface LayoutWarning {
  readonly code: WarningCode;
  readonly message: string;
  readonly participantId?: string;
}

export interface LayoutResult {
  readonly kind: "grid" | "pip";
  readonly canvas: Size;
  readonly resolved: ResolvedLayout;
  readonly tiles: readonly LayoutTile[];
  /** Ids of composed participants, in composed order. */
  readonly order: readonly string[];
  readonly omitted: readonly { readonly participantId: string; readonly reason: OmitReason }[];
  readonly featuredId?: string;
  readonly pipId?: string;
  /** Where the PiP window is (also when nobody is in it), for the preview's drop target. */
  readonly pipSlot?: Rect;
  /** The gap actually used between tiles (smaller than asked only when the tiles would not fit otherwise). */
  readonly effectiveGap: number;
  readonly warnings: readonly LayoutWarning[];
}
