import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeLayout } from "./geometry";
import type { LayoutParticipant, LayoutSpec, Size } from "./types";
import { inside, overlaps, separation } from "./test-helpers";

const attributeValue = fc.oneof(fc.constant(undefined), fc.constant("true"), fc.constant("false"), fc.constant("TRUE"));
const orderValue = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: -5, max: 20 }).map(String),
  fc.constant("x"),
  fc.constant("1.5"),
);

const participant = (index: number) =>
  fc
    .record({
      featured: attributeValue,
      pip: attributeValue,
      order: orderValue,
      publishing: fc.constantFrom(true, true, true, false),
      videoOn: fc.boolean(),
      aspect: fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(16 / 9, 4 / 3, 1, 3 / 4, 9 / 16),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
      ),
    })
    .map(({ featured, pip, order, publishing, videoOn, aspect }): LayoutParticipant => {
      const attributes: Record<string, string> = {};
      if (featured !== undefined) attributes.featured = featured;
      if (pip !== undefined) attributes.pip = pip;
      if (order !== undefined) attributes.order = order;
      return {
        id: `p${index}`,
        name: `P${index}`,
        attributes,
        publishing,
        videoOn,
        ...(aspect !== undefined ? { aspect } : {}),
      };
    });

const participants = fc
  .integer({ min: 0, max: 16 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => participant(i))));

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const attributeName = maybe(fc.constantFrom("featured", "pip", "order", "missing"));

const grid = fc.record(
  {
    featuredParticipantAttribute: attributeName,
    participantOrderAttribute: attributeName,
    omitStoppedVideo: maybe(fc.boolean()),
    videoAspectRatio: maybe(fc.constantFrom("AUTO", "VIDEO", "SQUARE", "PORTRAIT")),
    videoFillMode: maybe(fc.constantFrom("FILL", "COVER", "CONTAIN")),
    gridGap: maybe(fc.integer({ min: 0, max: 300 })),
  },
  { requiredKeys: [] },
);

const pip = fc.record(
  {
    featuredParticipantAttribute: attributeName,
    participantOrderAttribute: attributeName,
    pipParticipantAttribute: attributeName,
    omitStoppedVideo: maybe(fc.boolean()),
    videoFillMode: maybe(fc.constantFrom("FILL", "COVER", "CONTAIN")),
    gridGap: maybe(fc.integer({ min: 0, max: 300 })),
    pipBehavior: maybe(fc.constantFrom("STATIC", "DYNAMIC")),
    pipPosition: maybe(fc.constantFrom("TOP_LEFT", "TOP_RIGHT", "BOTTOM_LEFT", "BOTTOM_RIGHT")),
    pipOffset: maybe(fc.integer({ min: 0, max: 3000 })),
    pipWidth: maybe(fc.integer({ min: 1, max: 3000 })),
    pipHeight: maybe(fc.integer({ min: 1, max: 3000 })),
  },
  { requiredKeys: [] },
);

const layout: fc.Arbitrary<LayoutSpec> = fc.oneof(
  grid.map((g) => ({ grid: g })),
  pip.map((p) => ({ pip: p })),
);
const even = (min: number, max: number) => fc.integer({ min: min / 2, max: max / 2 }).map((n) => n * 2);
const canvas: fc.Arbitrary<Size> = fc.record({ width: even(2, 1920), height: even(2, 1920) });

const runs = { numRuns: 600 };

describe("layout engine properties", () => {
  it("every slot lies inside the canvas", () => {
    fc.assert(
      fc.property(layout, canvas, participants, (spec, size, list) => {
        const result = computeLayout(spec, size, list);
        for (const tile of result.tiles) expect(inside(tile.rect, { x: 0, y: 0, ...size }, 0)).toBe(true);
        if (result.pipSlot) expect(inside(result.pipSlot, { x: 0, y: 0, ...size }, 0)).toBe(true);
      }),
      runs,
    );
  });

  it("slots are whole pixels", () => {
    fc.assert(
      fc.property(layout, canvas, participants, (spec, size, list) => {
        for (const { rect } of computeLayout(spec, size, list).tiles) {
          for (const value of [rect.x, rect.y, rect.width, rect.height]) expect(Number.isInteger(value)).toBe(true);
        }
      }),
      runs,
    );
  });

  it("grid / background slots never overlap and are at least the effective gap apart", () => {
    fc.assert(
      fc.property(layout, canvas, participants, (spec, size, list) => {
        const result = computeLayout(spec, size, list);
        const slots = result.tiles.filter((t) => t.role !== "pip").map((t) => t.rect);
        for (let i = 0; i < slots.length; i++) {
          for (let j = i + 1; j < slots.length; j++) {
            const a = slots[i];
            const b = slots[j];
            if (!a || !b) continue;
            expect(overlaps(a, b)).toBe(false);
            if (a.width > 0 && b.width > 0) expect(separation(a, b)).toBeGreaterThanOrEqual(result.effectiveGap);
          }
        }
        expect(result.effectiveGap).toBeLessThanOrEqual(result.resolved.gap);
      }),
      runs,
    );
  });

  it("keeps the requested gap whenever there is room (≥ 320×320, gap ≤ 16, ≤ 12 participants)", () => {
    const roomy = fc.record({ width: even(320, 1920), height: even(320, 1920) });
    const small = participants.filter((list) => list.length <= 12);
    const modest = layout.map((spec): LayoutSpec =>
      spec.grid
        ? { grid: { ...spec.grid, gridGap: Math.min(spec.grid.gridGap ?? 2, 16) } }
        : { pip: { ...spec.pip, gridGap: Math.min(spec.pip?.gridGap ?? 0, 16) } },
    );
    fc.assert(
      fc.property(modest, roomy, small, (spec, size, list) => {
        const result = computeLayout(spec, size, list);
        expect(result.effectiveGap).toBe(result.resolved.gap);
        expect(result.warnings.map((w) => w.code)).not.toContain("gap-reduced");
      }),
      runs,
    );
  });

  it("places every composed participant exactly once and accounts for the others", () => {
    fc.assert(
      fc.property(layout, canvas, participants, (spec, size, list) => {
        const result = computeLayout(spec, size, list);
        const placed = result.tiles.map((t) => t.participantId);
        expect(new Set(placed).size).toBe(placed.length);
        expect(placed.length + result.omitted.length).toBe(list.length);
        expect([...placed].sort()).toEqual([...result.order].sort());
        expect(result.tiles.filter((t) => t.role === "pip").length).toBe(result.pipId ? 1 : 0);
        expect(result.tiles.filter((t) => t.role === "featured").length).toBe(result.featuredId ? 1 : 0);
      }),
      runs,
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(layout, canvas, participants, (spec, size, list) => {
        expect(computeLayout(spec, size, list)).toEqual(
          computeLayout(structuredClone(spec), { ...size }, structuredClone(list)),
        );
      }),
      runs,
    );
  });

  it("content: CONTAIN inside the slot, COVER covering it, FILL equal to it, always centred with the source aspect", () => {
    fc.assert(
      fc.property(layout, canvas, participants, (spec, size, list) => {
        for (const tile of computeLayout(spec, size, list).tiles) {
          const { rect, content } = tile;
          if (rect.width <= 0 || rect.height <= 0) continue;
          if (tile.fillMode === "FILL") expect(content).toEqual(rect);
          if (tile.fillMode === "CONTAIN") expect(inside(content, rect)).toBe(true);
          if (tile.fillMode === "COVER") expect(inside(rect, content)).toBe(true);
          if (tile.fillMode !== "FILL") {
            expect(content.width / content.height).toBeCloseTo(tile.sourceAspect, 6);
            expect(content.x + content.width / 2).toBeCloseTo(rect.x + rect.width / 2, 6);
            expect(content.y + content.height / 2).toBeCloseTo(rect.y + rect.height / 2, 6);
          }
        }
      }),
      runs,
    );
  });

  it("grid slots share one size unless AUTO; a PiP window of a fitting explicit size keeps it", () => {
    fc.assert(
      fc.property(layout, canvas, participants, (spec, size, list) => {
        const result = computeLayout(spec, size, list);
        if (result.resolved.kind === "grid" && result.resolved.aspectRatio !== "AUTO") {
          expect(
            new Set(result.tiles.filter((t) => t.role === "grid").map((t) => `${t.rect.width}x${t.rect.height}`)).size,
          ).toBeLessThanOrEqual(1);
        }
        if (result.resolved.kind === "pip") {
          const { width, height, offset } = result.resolved;
          const pipTile = result.tiles.find((t) => t.role === "pip");
          const fits =
            width !== undefined &&
            height !== undefined &&
            width <= size.width - offset &&
            height <= size.height - offset;
          const fullFrame = result.resolved.behavior === "DYNAMIC" && result.tiles.length === 1;
          if (pipTile && fits && !fullFrame) expect(pipTile.rect).toMatchObject({ width, height });
          if (pipTile) expect(pipTile.z).toBe(1);
        }
      }),
      runs,
    );
  });
});
