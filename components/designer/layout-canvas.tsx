"use client";

import { useId, useState, type DragEvent, type KeyboardEvent } from "react";
import type { LayoutResult, LayoutTile, Rect } from "@/lib/layout/types";

/** The drag payload type: only tiles of this canvas are accepted as drops. */
const dragType = "application/x-ivs-participant";

export interface CanvasActions {
  /** Put the participant at this 0-based position of the composed order. */
  readonly move: (participantId: string, toPosition: number) => void;
  /** Toggle (or set) the featured / PiP mark. */
  readonly mark: (what: "featured" | "pip", participantId: string, on: boolean) => void;
}

/** A stable, readable colour per participant (dark enough for light text on it). */
export function participantHue(id: string): number {
  // FNV-1a plus a final mix: ids that differ in one character ("sim-2", "sim-3") still get far-apart hues.
  let hash = 2166136261;
  for (const char of id) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so that the low bits differ too.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % 360;
}

const percent = (value: number, total: number) => `${(value / total) * 100}%`;

function place(rect: Rect, canvas: { width: number; height: number }) {
  return {
    left: percent(rect.x, canvas.width),
    top: percent(rect.y, canvas.height),
    width: percent(rect.width, canvas.width),
    height: percent(rect.height, canvas.height),
  };
}

/** The content rectangle relative to its slot (COVER extends beyond it and is clipped). */
function contentStyle(tile: LayoutTile) {
  const { rect, content } = tile;
  if (rect.width <= 0 || rect.height <= 0) return { left: "0", top: "0", width: "100%", height: "100%" };
  return {
    left: percent(content.x - rect.x, rect.width),
    top: percent(content.y - rect.y, rect.height),
    width: percent(content.width, rect.width),
    height: percent(content.height, rect.height),
  };
}

function aspectLabel(aspect: number): string {
  const known: [number, string][] = [
    [16 / 9, "16:9"],
    [4 / 3, "4:3"],
    [1, "1:1"],
    [3 / 4, "3:4"],
    [9 / 16, "9:16"],
  ];
  const match = known.find(([value]) => Math.abs(value - aspect) < 0.01);
  return match ? match[1] : `${aspect.toFixed(2)}:1`;
}

const roleLabel: Record<LayoutTile["role"], string> = { grid: "", featured: "Featured", main: "", pip: "PiP" };

/**
 * The live preview of a composition: the output frame at its aspect, one slot per composed participant, the
 * source video drawn with its fill mode (letterbox, crop or stretch visible), featured and PiP highlighted.
 * With `actions`, tiles can be dragged (onto another tile: take its place; onto the featured slot / PiP window:
 * become featured / go into the window) or moved with the keyboard.
 */
export function LayoutCanvas({
  result,
  label,
  actions,
  pipEnabled = false,
}: {
  result: LayoutResult;
  label: string;
  actions?: CanvasActions;
  pipEnabled?: boolean;
}) {
  const hintId = useId();
  const [dragging, setDragging] = useState<string | undefined>();
  const [over, setOver] = useState<string | undefined>();
  const { canvas } = result;
  const count = result.order.length;
  // Stable DOM order (by participant id) keeps keyboard focus on a tile while it moves; z-index stacks PiP on top.
  const tiles = [...result.tiles].sort((a, b) =>
    a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0,
  );

  function dropOn(event: DragEvent, target: "featured" | "pip" | LayoutTile) {
    event.preventDefault();
    const id = event.dataTransfer.getData(dragType) || dragging;
    setOver(undefined);
    setDragging(undefined);
    if (!id || !actions) return;
    if (target === "featured" || (typeof target !== "string" && target.role === "featured")) {
      if (typeof target !== "string" && target.participantId === id) return;
      actions.mark("featured", id, true);
    } else if (target === "pip" || target.role === "pip") {
      actions.mark("pip", id, true);
    } else if (target.participantId !== id) {
      actions.move(id, target.position);
    }
  }

  function allowDrop(event: DragEvent, key: string) {
    if (!actions || !event.dataTransfer.types.includes(dragType)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    setOver(key);
  }

  function keyDown(event: KeyboardEvent, tile: LayoutTile) {
    if (!actions) return;
    const key = event.key;
    if (key === "ArrowLeft" || key === "ArrowUp") {
      event.preventDefault();
      if (tile.position > 0) actions.move(tile.participantId, tile.position - 1);
    } else if (key === "ArrowRight" || key === "ArrowDown") {
      event.preventDefault();
      if (tile.position < count - 1) actions.move(tile.participantId, tile.position + 1);
    } else if (key === "f" || key === "F") {
      event.preventDefault();
      actions.mark("featured", tile.participantId, result.featuredId !== tile.participantId);
    } else if ((key === "p" || key === "P") && pipEnabled) {
      event.preventDefault();
      actions.mark("pip", tile.participantId, result.pipId !== tile.participantId);
    }
  }

  return (
    <div>
      <div
        role="group"
        aria-label={label}
        aria-describedby={actions ? hintId : undefined}
        className="relative w-full overflow-hidden rounded border border-room-700 bg-black"
        style={{
          aspectRatio: `${canvas.width} / ${canvas.height}`,
          maxHeight: "62vh",
          marginInline: "auto",
          maxWidth: `calc(62vh * ${canvas.width / canvas.height})`,
        }}
        data-testid="layout-canvas"
      >
        {result.tiles.length === 0 ? (
          <p className="absolute inset-0 flex items-center justify-center p-4 text-center text-sm text-[#a9b6c8]">
            Nobody to compose: the output would be black.
          </p>
        ) : null}
        {result.pipSlot && !result.pipId ? (
          <div
            className={`absolute z-10 flex items-center justify-center border-2 border-dashed text-center text-[11px] ${over === "pip-slot" ? "border-accent bg-accent/20 text-[#e6edf6]" : "border-[#5b6b82] text-[#a9b6c8]"}`}
            style={place(result.pipSlot, canvas)}
            onDragOver={(e) => allowDrop(e, "pip-slot")}
            onDragLeave={() => setOver(undefined)}
            onDrop={(e) => dropOn(e, "pip")}
          >
            Empty PiP window{actions ? <br /> : null}
            {actions ? "drop a tile here" : null}
          </div>
        ) : null}
        {tiles.map((tile) => {
          const hue = participantHue(tile.participantId);
          const role = roleLabel[tile.role];
          const name = `${tile.name}, position ${tile.position + 1} of ${count}${role ? `, ${role === "PiP" ? "in the PiP window" : "featured"}` : ""}${tile.videoOn ? "" : ", video off"}`;
          // Labels follow the tile's rendered width (container queries) and its share of the frame's height.
          const short = tile.rect.height < canvas.height * 0.12;
          const highlight =
            tile.role === "pip"
              ? "ring-2 ring-inset ring-warn"
              : tile.role === "featured"
                ? "ring-2 ring-inset ring-accent"
                : "ring-1 ring-inset ring-room-700";
          const body = (
            <>
              <span
                aria-hidden
                className="absolute"
                style={{
                  ...contentStyle(tile),
                  background: tile.videoOn
                    ? `linear-gradient(135deg, hsl(${hue} 45% 30%), hsl(${(hue + 40) % 360} 50% 18%))`
                    : "repeating-linear-gradient(45deg, #18202c 0 8px, #121822 8px 16px)",
                  outline: tile.fillMode === "COVER" ? "1px dashed rgba(230,237,246,0.35)" : undefined,
                }}
              />
              {short ? null : (
                <span className="absolute left-1 top-1 flex max-w-[calc(100%-0.5rem)] items-center gap-1">
                  <span className="rounded bg-black/75 px-1 font-mono text-[11px] leading-4 text-[#e6edf6]">
                    {tile.position + 1}
                  </span>
                  {role ? (
                    <span
                      className={`rounded px-1 text-[11px] font-semibold leading-4 text-room-950 ${tile.role === "pip" ? "bg-warn" : "bg-accent"}`}
                    >
                      {role}
                    </span>
                  ) : null}
                </span>
              )}
              <span className="absolute inset-x-1 bottom-1 flex flex-col items-start gap-0.5">
                <span className="max-w-full truncate rounded bg-black/75 px-1 text-xs font-medium leading-4 text-[#e6edf6]">
                  {tile.name}
                  {tile.videoOn ? "" : " (video off)"}
                </span>
                {short ? null : (
                  <span className="hidden max-w-full truncate rounded bg-black/75 px-1 font-mono text-[10px] leading-4 text-[#e6edf6] @min-[160px]:inline-block">
                    {tile.rect.width}×{tile.rect.height} · {aspectLabel(tile.sourceAspect)} · {tile.fillMode}
                  </span>
                )}
              </span>
            </>
          );
          const style = { ...place(tile.rect, canvas), zIndex: tile.z === 1 ? 20 : 1 };
          const className = `@container absolute overflow-hidden bg-room-950 text-left ${highlight} ${over === tile.participantId ? "outline outline-2 outline-accent" : ""} ${dragging === tile.participantId ? "opacity-60" : ""}`;
          if (!actions) {
            return (
              <div
                key={tile.participantId}
                className={className}
                style={style}
                role="img"
                aria-label={name}
                data-participant={tile.participantId}
                data-role={tile.role}
              >
                {body}
              </div>
            );
          }
          return (
            <button
              key={tile.participantId}
              type="button"
              draggable
              aria-label={name}
              aria-describedby={hintId}
              data-participant={tile.participantId}
              data-role={tile.role}
              className={`${className} cursor-grab focus-visible:z-30 focus-visible:outline focus-visible:outline-2 focus-visible:outline-accent`}
              style={style}
              onDragStart={(e) => {
                e.dataTransfer.setData(dragType, tile.participantId);
                e.dataTransfer.setData("text/plain", tile.name);
                e.dataTransfer.effectAllowed = "move";
                setDragging(tile.participantId);
              }}
              onDragEnd={() => {
                setDragging(undefined);
                setOver(undefined);
              }}
              onDragOver={(e) => allowDrop(e, tile.participantId)}
              onDragLeave={() => setOver((current) => (current === tile.participantId ? undefined : current))}
              onDrop={(e) => dropOn(e, tile)}
              onKeyDown={(e) => keyDown(e, tile)}
            >
              {body}
            </button>
          );
        })}
      </div>
      {actions ? (
        <div className="mt-2 flex flex-wrap items-start gap-2">
          <div
            className={`rounded border-2 border-dashed px-3 py-2 text-xs ${over === "featured-zone" ? "border-accent bg-accent/15 text-room-100" : "border-room-700 text-room-300"}`}
            onDragOver={(e) => allowDrop(e, "featured-zone")}
            onDragLeave={() => setOver(undefined)}
            onDrop={(e) => dropOn(e, "featured")}
            data-testid="featured-drop"
          >
            Drop here to feature
          </div>
          {pipEnabled ? (
            <div
              className={`rounded border-2 border-dashed px-3 py-2 text-xs ${over === "pip-zone" ? "border-warn bg-warn/15 text-room-100" : "border-room-700 text-room-300"}`}
              onDragOver={(e) => allowDrop(e, "pip-zone")}
              onDragLeave={() => setOver(undefined)}
              onDrop={(e) => dropOn(e, "pip")}
              data-testid="pip-drop"
            >
              Drop here for the PiP window
            </div>
          ) : null}
          <p id={hintId} className="min-w-0 flex-1 text-xs text-room-300">
            Drag a tile onto another to take its place, or onto a zone. Keyboard: focus a tile, then the arrow keys move
            it earlier or later, F features it{pipEnabled ? ", P puts it in the PiP window" : ""}.
          </p>
        </div>
      ) : null}
      <p className="mt-1 text-xs text-room-300">
        Output {canvas.width}×{canvas.height}. Coloured areas are the source video (dashed: cropped by COVER; bars
        around it: CONTAIN). The geometry is the console&apos;s own (AWS does not document tile positions).
      </p>
    </div>
  );
}
