/**
 * # Composition geometry: the rules of the console's layout preview
 *
 * AWS documents what each LayoutConfiguration option means (api §8) but not where tiles go, and warns that
 * applications must not depend on tile sizes or positions. The preview therefore follows rules of its own,
 * written down here, once (docs/layout.md summarises them; geometry.test.ts and geometry.property.test.ts
 * test them). Defaults are the documented ones (options.ts).
 *
 * Canvas: the encoder configuration's `video.width × video.height` (default 1280×720). Slots (`rect`) are
 * whole-pixel rectangles inside the canvas; content rectangles are exact (fractional).
 *
 *  1. Who is composed. Participants that do not publish are left out. With `omitStoppedVideo`, publishers
 *     whose video is off are left out too; without it they keep a slot (shown as "video off").
 *  2. Order. Arrival order (the order of the input list) unless `participantOrderAttribute` is set: then
 *     numeric values ascending (ties keep arrival order), followed by everyone without a numeric value in
 *     arrival order. A value that is present but not a number falls back to arrival order, with a warning.
 *  3. Selection. A participant is marked when `attributes[name] === "true"` (exactly). PiP is chosen first:
 *     the first marked participant in order under `pipParticipantAttribute`; when that attribute is unset, the
 *     last participant in order (if at least two are composed); when it is set but nobody is marked, nobody
 *     (the window stays empty). Featured: the first participant in order, other than the PiP one, marked under
 *     `featuredParticipantAttribute`. Several marked: the first in order wins (warning).
 *  4. Grid slots. All non-featured slots share one size and the tile aspect: VIDEO 16:9, SQUARE 1:1,
 *     PORTRAIT 3:4; AUTO uses the sources' aspect when they all share one, else 16:9, and each tile then takes
 *     its own source's aspect, centred in its cell. The column count c (1…n, rows r = ⌈n/c⌉) is the one that
 *     gives the largest tile fitting the region with `gridGap` between neighbours (ties: fewer empty cells,
 *     then more columns). Width is floored to whole pixels, height = ⌊width ÷ aspect⌋. Rows are one gap apart;
 *     the block is centred vertically and every row (a short last row too) horizontally. The gap lies between
 *     tiles only: no outer margin.
 *  5. Featured slot. With a featured participant and at least one other, the featured slot spans the top of
 *     the region, full width, ⌊(H − gap) × 2⁄3⌋ high; the others are laid out below it, one gap lower, by
 *     rule 4 (grid) or rule 6 (PiP background). The featured slot has no fixed aspect: its fill mode places
 *     the video. A featured participant alone takes the whole region.
 *  6. PiP background. Everyone but the PiP participant fills the canvas in equal cells without a fixed
 *     aspect: c columns × ⌈n/c⌉ rows, c chosen to bring the cell aspect closest to 16:9 (by log ratio; ties:
 *     fewer empty cells, then more columns), `gridGap` between cells, sizes floored, the block centred and a
 *     short last row centred. One background participant fills the frame.
 *  7. PiP window. `pipWidth × pipHeight` when both are set; one set: the other from the PiP participant's
 *     source aspect; neither: the rectangle of the source aspect with 1⁄16 of the canvas area (a quarter of
 *     each side when source and canvas share an aspect: 320×180 on 1280×720). `pipOffset` (at most
 *     min(W, H) − 1) is the distance from the two edges `pipPosition` names; the window is clamped to
 *     (W − offset) × (H − offset), with a warning. DYNAMIC: when nobody is in the background the PiP
 *     participant fills the frame; STATIC keeps the window. The window is drawn above the background (z = 1).
 *  8. Fill modes. FILL: the content is the slot (stretched). COVER: the smallest rectangle of the source
 *     aspect that covers the slot, centred (the overflow is clipped). CONTAIN: the largest rectangle of the
 *     source aspect inside the slot, centred (letterbox). Grid: unset = COVER for grid slots and CONTAIN for
 *     the featured slot; a set mode applies to every slot. PiP: default COVER for every slot.
 *  9. Gaps. Any two slots of the grid / PiP background are at least `gridGap` (whole pixels) apart. When that
 *     gap leaves no room for slots of at least 1×1 px, the largest gap that does is used (`effectiveGap`,
 *     warning). Grid slots never overlap; only the PiP window overlaps the background.
 * 10. Determinism. A pure function of (layout, canvas, participants): no randomness, no clock, no DOM.
 */
import { defaultSourceAspect, aspectRatios, resolveLayout } from "./options";
import { isMarked, looksTrue, orderParticipants } from "./order";
import type {
  LayoutParticipant,
  LayoutResult,
  LayoutSpec,
  LayoutTile,
  LayoutWarning,
  OmitReason,
  Rect,
  ResolvedLayout,
  Size,
  TileRole,
} from "./types";
import type { VideoFillMode } from "@/lib/ivs/enums";

/** A stage accepts at most 12 concurrent publishers (api §6.2). */
export const MAX_PUBLISHERS = 12;

const epsilon = 1e-9;

function sourceAspect(participant: LayoutParticipant | undefined): number {
  const aspect = participant?.aspect;
  return aspect !== undefined && Number.isFinite(aspect) && aspect > 0 ? aspect : defaultSourceAspect;
}

/** Rule 8: where the source video is drawn inside (CONTAIN), over (COVER) or exactly on (FILL) a slot. */
export function fitContent(slot: Rect, aspect: number, mode: VideoFillMode): Rect {
  if (mode === "FILL" || slot.width <= 0 || slot.height <= 0) return { ...slot };
  const slotAspect = slot.width / slot.height;
  const wider = aspect > slotAspect;
  let width: number;
  let height: number;
  if (mode === "CONTAIN") {
    width = wider ? slot.width : slot.height * aspect;
    height = wider ? slot.width / aspect : slot.height;
  } else {
    width = wider ? slot.height * aspect : slot.width;
    height = wider ? slot.height : slot.width / aspect;
  }
  return { x: slot.x + (slot.width - width) / 2, y: slot.y + (slot.height - height) / 2, width, height };
}

/** The largest whole-pixel rectangle of `aspect` centred in `cell` (AUTO tiles in their cell). */
function innerRect(cell: Rect, aspect: number): Rect {
  let width = Math.min(cell.width, Math.floor(cell.height * aspect));
  let height = Math.min(cell.height, Math.floor(width / aspect));
  if (width < 1 || height < 1) {
    width = cell.width;
    height = cell.height;
  }
  return {
    x: cell.x + Math.floor((cell.width - width) / 2),
    y: cell.y + Math.floor((cell.height - height) / 2),
    width,
    height,
  };
}

interface Fit {
  readonly columns: number;
  readonly rows: number;
  readonly width: number;
  readonly height: number;
}

type Chooser = (n: number, region: Size, gap: number) => Fit | undefined;

/** Rule 4: columns giving the largest tile of `aspect` (ties: fewer empty cells, then more columns). */
function aspectFit(aspect: number): Chooser {
  return (n, region, gap) => {
    let best: (Fit & { score: number; empty: number }) | undefined;
    for (let columns = 1; columns <= n; columns++) {
      const rows = Math.ceil(n / columns);
      const availableWidth = region.width - (columns - 1) * gap;
      const availableHeight = region.height - (rows - 1) * gap;
      if (availableWidth <= 0 || availableHeight <= 0) continue;
      const score = Math.min(availableWidth / columns, (availableHeight / rows) * aspect);
      const width = Math.floor(score);
      const height = Math.min(Math.floor(width / aspect), Math.floor(availableHeight / rows));
      if (width < 1 || height < 1) continue;
      const empty = columns * rows - n;
      if (
        !best ||
        score > best.score + epsilon ||
        (Math.abs(score - best.score) <= epsilon &&
          (empty < best.empty || (empty === best.empty && columns > best.columns)))
      ) {
        best = { columns, rows, width, height, score, empty };
      }
    }
    return best;
  };
}

/** Rule 6: equal cells filling the region, cell aspect closest to 16:9 (ties: fewer empty cells, then more columns). */
const fillFit: Chooser = (n, region, gap) => {
  let best: (Fit & { score: number; empty: number }) | undefined;
  for (let columns = 1; columns <= n; columns++) {
    const rows = Math.ceil(n / columns);
    const width = Math.floor((region.width - (columns - 1) * gap) / columns);
    const height = Math.floor((region.height - (rows - 1) * gap) / rows);
    if (width < 1 || height < 1) continue;
    const score = Math.abs(Math.log(width / height / defaultSourceAspect));
    const empty = columns * rows - n;
    if (
      !best ||
      score < best.score - epsilon ||
      (Math.abs(score - best.score) <= epsilon &&
        (empty < best.empty || (empty === best.empty && columns > best.columns)))
    ) {
      best = { columns, rows, width, height, score, empty };
    }
  }
  return best;
};

/**
 * Rule 9: the gap to use — the requested one, or the largest smaller one that leaves tiles of at least 1 px
 * (binary search: a smaller gap never makes tiles smaller). Undefined when not even gap 0 fits.
 */
function usableGap(choose: Chooser, n: number, region: Size, gap: number): number | undefined {
  if (choose(n, region, gap)) return gap;
  if (!choose(n, region, 0)) return undefined;
  let low = 0;
  let high = gap;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (choose(n, region, middle)) low = middle;
    else high = middle;
  }
  return low;
}

/** n cells laid out in `region` (rules 4, 6, 9): centred rows, short last row centred. */
export function placeCells(
  kind: "aspect" | "fill",
  n: number,
  region: Rect,
  gap: number,
  aspect: number = defaultSourceAspect,
): { cells: Rect[]; gap: number } {
  if (n <= 0) return { cells: [], gap };
  const choose = kind === "aspect" ? aspectFit(aspect) : fillFit;
  const used = usableGap(choose, n, region, gap);
  const fit = used === undefined ? undefined : choose(n, region, used);
  if (used === undefined || !fit) {
    // Not even 1-px tiles fit: degenerate, zero-size slots at the region's corner (never overlapping).
    return { cells: Array.from({ length: n }, () => ({ x: region.x, y: region.y, width: 0, height: 0 })), gap: 0 };
  }
  const cells: Rect[] = [];
  const blockHeight = fit.rows * fit.height + (fit.rows - 1) * used;
  const top = region.y + Math.floor((region.height - blockHeight) / 2);
  for (let row = 0; row < fit.rows; row++) {
    const count = Math.min(fit.columns, n - row * fit.columns);
    const rowWidth = count * fit.width + (count - 1) * used;
    const left = region.x + Math.floor((region.width - rowWidth) / 2);
    for (let column = 0; column < count; column++) {
      cells.push({
        x: left + column * (fit.width + used),
        y: top + row * (fit.height + used),
        width: fit.width,
        height: fit.height,
      });
    }
  }
  return { cells, gap: used };
}

/** Rule 5: the featured slot on top (⅔ of the height left after one gap) and the region below it. */
export function splitFeatured(region: Rect, gap: number): { featured: Rect; rest: Rect; gap: number } {
  const used = Math.max(0, Math.min(gap, region.height - 2));
  const featuredHeight = Math.max(0, Math.floor(((region.height - used) * 2) / 3));
  const restHeight = Math.max(0, region.height - featuredHeight - used);
  return {
    featured: { x: region.x, y: region.y, width: region.width, height: featuredHeight },
    rest: { x: region.x, y: region.y + featuredHeight + used, width: region.width, height: restHeight },
    gap: used,
  };
}

/** Rule 7: the PiP window for a source of `aspect` on `canvas`. */
export function pipWindow(
  resolved: Extract<ResolvedLayout, { kind: "pip" }>,
  canvas: Size,
  aspect: number,
): { rect: Rect; clamped: boolean } {
  const offset = Math.max(0, Math.min(resolved.offset, canvas.width - 1, canvas.height - 1));
  let width: number;
  let height: number;
  if (resolved.width !== undefined && resolved.height !== undefined) {
    width = resolved.width;
    height = resolved.height;
  } else if (resolved.width !== undefined) {
    width = resolved.width;
    height = Math.round(resolved.width / aspect);
  } else if (resolved.height !== undefined) {
    height = resolved.height;
    width = Math.round(resolved.height * aspect);
  } else {
    width = Math.round(Math.sqrt((canvas.width * canvas.height * aspect) / 16));
    height = Math.round(width / aspect);
  }
  width = Math.max(1, width);
  height = Math.max(1, height);
  const maxWidth = canvas.width - offset;
  const maxHeight = canvas.height - offset;
  const clamped = width > maxWidth || height > maxHeight;
  width = Math.min(width, maxWidth);
  height = Math.min(height, maxHeight);
  const left = resolved.position === "TOP_LEFT" || resolved.position === "BOTTOM_LEFT";
  const top = resolved.position === "TOP_LEFT" || resolved.position === "TOP_RIGHT";
  return {
    rect: {
      x: left ? offset : canvas.width - offset - width,
      y: top ? offset : canvas.height - offset - height,
      width,
      height,
    },
    clamped,
  };
}

function sanitizeCanvas(canvas: Size): Size {
  const dimension = (value: number) => (Number.isFinite(value) ? Math.max(1, Math.floor(value)) : 1);
  return { width: dimension(canvas.width), height: dimension(canvas.height) };
}

function markedWarnings(
  ordered: readonly LayoutParticipant[],
  attribute: string,
  kind: "featured" | "pip",
  chosen: readonly LayoutParticipant[],
): LayoutWarning[] {
  const label = kind === "featured" ? "featured" : "PiP";
  const warnings: LayoutWarning[] = [];
  if (chosen.length > 1) {
    warnings.push({
      code: kind === "featured" ? "featured-multiple" : "pip-multiple",
      message: `${chosen.length} participants carry ${attribute}="true"; the first in order (${chosen[0]?.name}) takes the ${label} slot.`,
    });
  }
  for (const participant of ordered) {
    const value = participant.attributes[attribute];
    if (looksTrue(value)) {
      warnings.push({
        code: kind === "featured" ? "featured-value-not-true" : "pip-value-not-true",
        participantId: participant.id,
        message: `${participant.name}: ${attribute}="${value}" does not count; IVS needs exactly "true".`,
      });
    }
  }
  return warnings;
}

/**
 * Where every participant goes for a layout, an output size and participants in arrival order (rules 1–10
 * above). Also returns the warnings a producer should see before starting.
 */
export function computeLayout(
  spec: LayoutSpec | undefined,
  canvasSize: Size,
  participants: readonly LayoutParticipant[],
): LayoutResult {
  const resolved = resolveLayout(spec);
  const canvas = sanitizeCanvas(canvasSize);
  const warnings: LayoutWarning[] = [];
  const omitted: { participantId: string; reason: OmitReason }[] = [];

  // Rule 1.
  const composed = participants.filter((participant) => {
    if (!participant.publishing) omitted.push({ participantId: participant.id, reason: "not-publishing" });
    else if (resolved.omitStoppedVideo && !participant.videoOn)
      omitted.push({ participantId: participant.id, reason: "video-stopped" });
    else return true;
    return false;
  });
  const publishers = participants.filter((p) => p.publishing).length;
  if (publishers > MAX_PUBLISHERS) {
    warnings.push({
      code: "too-many-publishers",
      message: `${publishers} publishers: a stage accepts at most ${MAX_PUBLISHERS} at once, so some of them cannot publish.`,
    });
  }

  // Rule 2.
  const { ordered, warnings: orderWarnings } = orderParticipants(composed, resolved.orderAttribute);
  warnings.push(...orderWarnings);
  if (ordered.length === 0)
    warnings.push({
      code: "no-participants",
      message: "Nobody is publishing: the composition would show an empty frame.",
    });

  // Rule 3.
  let pip: LayoutParticipant | undefined;
  if (resolved.kind === "pip") {
    if (resolved.pipAttribute) {
      const marked = ordered.filter((p) => isMarked(p, resolved.pipAttribute));
      pip = marked[0];
      warnings.push(...markedWarnings(ordered, resolved.pipAttribute, "pip", marked));
      if (!pip && ordered.length > 0) {
        warnings.push({
          code: "pip-attribute-unmatched",
          message: `No composed participant carries ${resolved.pipAttribute}="true": the PiP window stays empty.`,
        });
      }
    } else if (ordered.length >= 2) {
      pip = ordered[ordered.length - 1];
      warnings.push({
        code: "pip-attribute-unset",
        message: `No PiP participant attribute is set: the preview puts the last participant in order (${pip?.name}) in the window; IVS does not document its choice.`,
      });
    }
  }
  let featured: LayoutParticipant | undefined;
  if (resolved.featuredAttribute) {
    const marked = ordered.filter((p) => p !== pip && isMarked(p, resolved.featuredAttribute));
    featured = marked[0];
    warnings.push(...markedWarnings(ordered, resolved.featuredAttribute, "featured", marked));
    if (!featured && pip && isMarked(pip, resolved.featuredAttribute)) {
      warnings.push({
        code: "featured-is-pip",
        participantId: pip.id,
        message: `${pip.name} is marked featured but is in the PiP window, so nobody is featured.`,
      });
    } else if (!featured && ordered.length > 0) {
      warnings.push({
        code: "featured-attribute-unmatched",
        message: `No composed participant carries ${resolved.featuredAttribute}="true": nobody is featured.`,
      });
    }
  }

  const position = new Map(ordered.map((p, index) => [p.id, index]));
  const tiles: LayoutTile[] = [];
  const fillFor = (role: TileRole): VideoFillMode => {
    if (resolved.kind === "pip") return resolved.fillMode;
    return resolved.fillMode ?? (role === "featured" ? "CONTAIN" : "COVER");
  };
  const addTile = (participant: LayoutParticipant, role: TileRole, rect: Rect) => {
    const aspect = sourceAspect(participant);
    const fillMode = fillFor(role);
    tiles.push({
      participantId: participant.id,
      name: participant.name,
      role,
      rect,
      content: fitContent(rect, aspect, fillMode),
      fillMode,
      sourceAspect: aspect,
      videoOn: participant.videoOn,
      position: position.get(participant.id) ?? 0,
      z: role === "pip" ? 1 : 0,
    });
  };

  // Rules 4–6: the grid, or the PiP background.
  const background = ordered.filter((p) => p !== pip);
  const others = background.filter((p) => p !== featured);
  const whole: Rect = { x: 0, y: 0, ...canvas };
  let region = whole;
  let effectiveGap = resolved.gap;
  if (featured) {
    if (others.length > 0) {
      const split = splitFeatured(whole, resolved.gap);
      addTile(featured, "featured", split.featured);
      region = split.rest;
      effectiveGap = Math.min(effectiveGap, split.gap);
    } else {
      addTile(featured, "featured", whole);
    }
  }
  if (others.length > 0) {
    if (resolved.kind === "grid") {
      const auto = resolved.aspectRatio === "AUTO";
      const aspects = new Set(others.map(sourceAspect));
      const cellAspect = auto
        ? aspects.size === 1
          ? sourceAspect(others[0])
          : defaultSourceAspect
        : aspectRatios[resolved.aspectRatio as Exclude<typeof resolved.aspectRatio, "AUTO">];
      const placed = placeCells("aspect", others.length, region, resolved.gap, cellAspect);
      effectiveGap = Math.min(effectiveGap, placed.gap);
      others.forEach((participant, index) => {
        const cell = placed.cells[index];
        if (cell) addTile(participant, "grid", auto ? innerRect(cell, sourceAspect(participant)) : cell);
      });
    } else {
      const placed = placeCells("fill", others.length, region, resolved.gap);
      effectiveGap = Math.min(effectiveGap, placed.gap);
      others.forEach((participant, index) => {
        const cell = placed.cells[index];
        if (cell) addTile(participant, "main", cell);
      });
    }
  }
  if (effectiveGap < resolved.gap) {
    warnings.push({
      code: "gap-reduced",
      message: `A gap of ${resolved.gap} px leaves no room for the tiles; the preview uses ${effectiveGap} px.`,
    });
  }

  // Rule 7.
  let pipSlot: Rect | undefined;
  if (resolved.kind === "pip") {
    const window = pipWindow(resolved, canvas, sourceAspect(pip));
    pipSlot = window.rect;
    if (window.clamped) {
      warnings.push({
        code: "pip-clamped",
        message: `The PiP window does not fit the ${canvas.width}×${canvas.height} output with its offset; it is shrunk to ${window.rect.width}×${window.rect.height}.`,
      });
    }
    if (pip) addTile(pip, "pip", resolved.behavior === "DYNAMIC" && background.length === 0 ? whole : window.rect);
  }

  return {
    kind: resolved.kind,
    canvas,
    resolved,
    tiles,
    order: ordered.map((p) => p.id),
    omitted,
    ...(featured ? { featuredId: featured.id } : {}),
    ...(pip ? { pipId: pip.id } : {}),
    ...(pipSlot ? { pipSlot } : {}),
    effectiveGap,
    warnings,
  };
}
