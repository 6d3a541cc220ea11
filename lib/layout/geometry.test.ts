import { describe, expect, it } from "vitest";
import { computeLayout, fitContent, placeCells, pipWindow, splitFeatured } from "./geometry";
import { resolveLayout } from "./options";
import { inside, people, person, separation } from "./test-helpers";
import type { LayoutResult, Rect } from "./types";

const hd = { width: 1280, height: 720 };
const rects = (result: LayoutResult) => Object.fromEntries(result.tiles.map((t) => [t.participantId, t.rect]));
const codes = (result: LayoutResult) => result.warnings.map((w) => w.code);
const tile = (result: LayoutResult, id: string) => {
  const found = result.tiles.find((t) => t.participantId === id);
  if (!found) throw new Error(`no tile for ${id}`);
  return found;
};

describe("fill modes (rule 8)", () => {
  const slot: Rect = { x: 10, y: 20, width: 400, height: 300 };
  it("FILL stretches to the slot", () => {
    expect(fitContent(slot, 16 / 9, "FILL")).toEqual(slot);
  });
  it("CONTAIN letterboxes inside the slot, centred", () => {
    const content = fitContent(slot, 16 / 9, "CONTAIN");
    expect(content.width).toBe(400);
    expect(content.height).toBeCloseTo(225);
    expect(content.y).toBeCloseTo(20 + 37.5);
    expect(inside(content, slot)).toBe(true);
    const tall = fitContent(slot, 9 / 16, "CONTAIN");
    expect(tall.height).toBe(300);
    expect(tall.width).toBeCloseTo(168.75);
  });
  it("COVER covers the slot, centred (overflow clipped)", () => {
    const content = fitContent(slot, 16 / 9, "COVER");
    expect(content.height).toBe(300);
    expect(content.width).toBeCloseTo(533.33, 1);
    expect(content.x).toBeCloseTo(10 - 66.67, 1);
    expect(inside(slot, content)).toBe(true);
  });
});

describe("grid layout", () => {
  it("one participant fills a canvas of its tile aspect", () => {
    const result = computeLayout({ grid: {} }, hd, people(1));
    expect(rects(result)).toEqual({ p1: { x: 0, y: 0, width: 1280, height: 720 } });
    expect(result.tiles[0]).toMatchObject({ role: "grid", fillMode: "COVER", position: 0, z: 0 });
  });

  it("two participants side by side, exactly the default 2-px gap apart, centred vertically", () => {
    const result = computeLayout({ grid: {} }, hd, people(2));
    expect(rects(result)).toEqual({
      p1: { x: 0, y: 180, width: 639, height: 359 },
      p2: { x: 641, y: 180, width: 639, height: 359 },
    });
    expect(result.effectiveGap).toBe(2);
  });

  it("three: two on top, one centred below; five: three on top, two centred below", () => {
    const three = computeLayout({ grid: {} }, hd, people(3));
    const [a, b, c] = ["p1", "p2", "p3"].map((id) => tile(three, id).rect) as [Rect, Rect, Rect];
    expect(a.y).toBe(b.y);
    expect(c.y).toBe(a.y + a.height + 2);
    expect(c.x + c.width / 2).toBeCloseTo(640, 0);
    const five = computeLayout({ grid: {} }, hd, people(5));
    const rows = new Set(five.tiles.map((t) => t.rect.y));
    expect(rows.size).toBe(2);
    expect(five.tiles.filter((t) => t.rect.y === Math.min(...rows)).length).toBe(3);
  });

  it("four in a 2×2 block, all tiles one size with the tile aspect", () => {
    const result = computeLayout({ grid: { gridGap: 10 } }, hd, people(4));
    const sizes = new Set(result.tiles.map((t) => `${t.rect.width}x${t.rect.height}`));
    expect(sizes.size).toBe(1);
    const [first] = result.tiles;
    expect(first && first.rect.width / first.rect.height).toBeCloseTo(16 / 9, 1);
    expect(separation(tile(result, "p1").rect, tile(result, "p2").rect)).toBe(10);
    expect(separation(tile(result, "p1").rect, tile(result, "p3").rect)).toBe(10);
  });

  it("gap 0 makes tiles touch", () => {
    const result = computeLayout({ grid: { gridGap: 0 } }, hd, people(2));
    expect(separation(tile(result, "p1").rect, tile(result, "p2").rect)).toBe(0);
  });

  it.each([
    ["SQUARE", 1],
    ["PORTRAIT", 3 / 4],
    ["VIDEO", 16 / 9],
  ] as const)("videoAspectRatio %s shapes the tiles", (videoAspectRatio, aspect) => {
    const result = computeLayout({ grid: { videoAspectRatio } }, hd, people(3));
    for (const t of result.tiles) expect(t.rect.width / t.rect.height).toBeCloseTo(aspect, 1);
  });

  it("AUTO: each tile takes its own source aspect, centred in its cell", () => {
    const list = [
      person("wide", {}, { aspect: 16 / 9 }),
      person("tall", {}, { aspect: 9 / 16 }),
      person("square", {}, { aspect: 1 }),
    ];
    const result = computeLayout({ grid: { videoAspectRatio: "AUTO" } }, hd, list);
    expect(tile(result, "wide").rect.width / tile(result, "wide").rect.height).toBeCloseTo(16 / 9, 1);
    expect(tile(result, "tall").rect.width / tile(result, "tall").rect.height).toBeCloseTo(9 / 16, 1);
    expect(tile(result, "square").rect.width / tile(result, "square").rect.height).toBeCloseTo(1, 1);
    const shared = computeLayout(
      { grid: { videoAspectRatio: "AUTO" } },
      hd,
      people(2).map((p) => ({ ...p, aspect: 4 / 3 })),
    );
    for (const t of shared.tiles) expect(t.rect.width / t.rect.height).toBeCloseTo(4 / 3, 1);
  });

  it("featured: a larger slot on top (CONTAIN by default), the others below in COVER tiles", () => {
    const list = people(4, (i): Record<string, string> => (i === 2 ? { featured: "true" } : {}));
    const result = computeLayout({ grid: { featuredParticipantAttribute: "featured" } }, hd, list);
    expect(result.featuredId).toBe("p3");
    expect(tile(result, "p3")).toMatchObject({
      role: "featured",
      fillMode: "CONTAIN",
      rect: { x: 0, y: 0, width: 1280, height: 478 },
    });
    for (const id of ["p1", "p2", "p4"]) {
      const t = tile(result, id);
      expect(t.role).toBe("grid");
      expect(t.fillMode).toBe("COVER");
      expect(t.rect.y).toBeGreaterThanOrEqual(480);
      expect(t.rect.width * t.rect.height).toBeLessThan(1280 * 478);
    }
    // The others keep their order left to right.
    expect(tile(result, "p1").rect.x).toBeLessThan(tile(result, "p2").rect.x);
    expect(tile(result, "p2").rect.x).toBeLessThan(tile(result, "p4").rect.x);
  });

  it("a featured participant alone takes the whole frame; a set fill mode applies to featured too", () => {
    const result = computeLayout({ grid: { featuredParticipantAttribute: "f", videoFillMode: "FILL" } }, hd, [
      person("a", { f: "true" }),
    ]);
    expect(tile(result, "a")).toMatchObject({
      role: "featured",
      fillMode: "FILL",
      rect: { x: 0, y: 0, width: 1280, height: 720 },
    });
  });

  it('featured warnings: nobody marked, a value that is not exactly "true", several marked', () => {
    expect(codes(computeLayout({ grid: { featuredParticipantAttribute: "f" } }, hd, people(2)))).toContain(
      "featured-attribute-unmatched",
    );
    const almost = computeLayout({ grid: { featuredParticipantAttribute: "f" } }, hd, [
      person("a", { f: "TRUE" }),
      person("b"),
    ]);
    expect(codes(almost)).toEqual(expect.arrayContaining(["featured-value-not-true", "featured-attribute-unmatched"]));
    const two = computeLayout({ grid: { featuredParticipantAttribute: "f" } }, hd, [
      person("a", { f: "true" }),
      person("b", { f: "true" }),
    ]);
    expect(two.featuredId).toBe("a");
    expect(codes(two)).toContain("featured-multiple");
  });

  it("orders by participantOrderAttribute", () => {
    const list = [person("a", { seat: "3" }), person("b", { seat: "1" }), person("c", { seat: "2" })];
    const result = computeLayout({ grid: { participantOrderAttribute: "seat" } }, hd, list);
    expect(result.order).toEqual(["b", "c", "a"]);
    expect(tile(result, "b").position).toBe(0);
    expect(tile(result, "b").rect.y).toBe(tile(result, "c").rect.y);
    expect(tile(result, "b").rect.x).toBeLessThan(tile(result, "c").rect.x);
    expect(tile(result, "a").rect.y).toBeGreaterThan(tile(result, "b").rect.y);
  });

  it("omitStoppedVideo leaves out video-off publishers; otherwise they keep a slot; non-publishers never appear", () => {
    const list = [person("a"), person("b", {}, { videoOn: false }), person("c", {}, { publishing: false })];
    const kept = computeLayout({ grid: {} }, hd, list);
    expect(kept.tiles.map((t) => [t.participantId, t.videoOn])).toEqual([
      ["a", true],
      ["b", false],
    ]);
    expect(kept.omitted).toEqual([{ participantId: "c", reason: "not-publishing" }]);
    const omitted = computeLayout({ grid: { omitStoppedVideo: true } }, hd, list);
    expect(omitted.tiles.map((t) => t.participantId)).toEqual(["a"]);
    expect(omitted.omitted).toEqual([
      { participantId: "b", reason: "video-stopped" },
      { participantId: "c", reason: "not-publishing" },
    ]);
  });

  it("warns about an empty composition and more than 12 publishers", () => {
    expect(codes(computeLayout({ grid: {} }, hd, []))).toEqual(["no-participants"]);
    const crowd = computeLayout({ grid: {} }, hd, people(13));
    expect(codes(crowd)).toContain("too-many-publishers");
    expect(crowd.tiles).toHaveLength(13);
  });

  it("shrinks a gap that leaves no room, with a warning", () => {
    const result = computeLayout({ grid: { gridGap: 500 } }, { width: 320, height: 180 }, people(4));
    expect(result.effectiveGap).toBeLessThan(500);
    expect(codes(result)).toContain("gap-reduced");
    for (const t of result.tiles) {
      expect(t.rect.width).toBeGreaterThanOrEqual(1);
      expect(inside(t.rect, { x: 0, y: 0, width: 320, height: 180 })).toBe(true);
    }
  });

  it("lays out a portrait canvas", () => {
    const result = computeLayout({ grid: {} }, { width: 720, height: 1280 }, people(3));
    // 16:9 tiles on a tall canvas stack in one column.
    expect(new Set(result.tiles.map((t) => t.rect.x)).size).toBe(1);
    expect(result.tiles.every((t) => t.rect.width === 720)).toBe(true);
  });
});

describe("PiP layout", () => {
  const pipList = [person("host"), person("guest", { pip: "true" })];

  it("the PiP participant in a 320×180 window at the bottom right, the other filling the frame (COVER, gap 0)", () => {
    const result = computeLayout({ pip: { pipParticipantAttribute: "pip" } }, hd, pipList);
    expect(result.pipId).toBe("guest");
    expect(tile(result, "host")).toMatchObject({
      role: "main",
      fillMode: "COVER",
      z: 0,
      rect: { x: 0, y: 0, width: 1280, height: 720 },
    });
    expect(tile(result, "guest")).toMatchObject({
      role: "pip",
      fillMode: "COVER",
      z: 1,
      rect: { x: 960, y: 540, width: 320, height: 180 },
    });
    expect(result.pipSlot).toEqual({ x: 960, y: 540, width: 320, height: 180 });
    expect(result.effectiveGap).toBe(0);
  });

  it.each([
    ["TOP_LEFT", { x: 20, y: 20 }],
    ["TOP_RIGHT", { x: 1280 - 20 - 320, y: 20 }],
    ["BOTTOM_LEFT", { x: 20, y: 720 - 20 - 180 }],
    ["BOTTOM_RIGHT", { x: 1280 - 20 - 320, y: 720 - 20 - 180 }],
  ] as const)("pipPosition %s with pipOffset 20", (pipPosition, at) => {
    const result = computeLayout({ pip: { pipParticipantAttribute: "pip", pipPosition, pipOffset: 20 } }, hd, pipList);
    expect(tile(result, "guest").rect).toEqual({ ...at, width: 320, height: 180 });
  });

  it("pipWidth and pipHeight: both as given; one given, the other from the source aspect", () => {
    const guest43 = [person("host"), person("guest", { pip: "true" }, { aspect: 4 / 3 })];
    expect(
      tile(
        computeLayout({ pip: { pipParticipantAttribute: "pip", pipWidth: 500, pipHeight: 100 } }, hd, guest43),
        "guest",
      ).rect,
    ).toMatchObject({ width: 500, height: 100 });
    expect(
      tile(computeLayout({ pip: { pipParticipantAttribute: "pip", pipWidth: 400 } }, hd, guest43), "guest").rect,
    ).toMatchObject({ width: 400, height: 300 });
    expect(
      tile(computeLayout({ pip: { pipParticipantAttribute: "pip", pipHeight: 300 } }, hd, guest43), "guest").rect,
    ).toMatchObject({ width: 400, height: 300 });
  });

  it("derives the default window from canvas area and source aspect", () => {
    const portrait = computeLayout({ pip: { pipParticipantAttribute: "pip" } }, { width: 720, height: 1280 }, pipList);
    expect(tile(portrait, "guest").rect).toEqual({ x: 400, y: 1100, width: 320, height: 180 });
    const tallGuest = computeLayout({ pip: { pipParticipantAttribute: "pip" } }, hd, [
      person("host"),
      person("guest", { pip: "true" }, { aspect: 9 / 16 }),
    ]);
    expect(tile(tallGuest, "guest").rect).toMatchObject({ width: 180, height: 320 });
  });

  it("clamps a window larger than the canvas, with a warning", () => {
    const result = computeLayout(
      { pip: { pipParticipantAttribute: "pip", pipWidth: 5000, pipHeight: 5000, pipOffset: 30 } },
      hd,
      pipList,
    );
    expect(tile(result, "guest").rect).toEqual({ x: 0, y: 0, width: 1250, height: 690 });
    expect(codes(result)).toContain("pip-clamped");
  });

  it("DYNAMIC: the PiP participant alone fills the frame; STATIC keeps the window", () => {
    const alone = [person("guest", { pip: "true" })];
    expect(
      tile(computeLayout({ pip: { pipParticipantAttribute: "pip", pipBehavior: "DYNAMIC" } }, hd, alone), "guest").rect,
    ).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
    expect(
      tile(computeLayout({ pip: { pipParticipantAttribute: "pip", pipBehavior: "STATIC" } }, hd, alone), "guest").rect,
    ).toEqual({ x: 960, y: 540, width: 320, height: 180 });
    const withHost = computeLayout({ pip: { pipParticipantAttribute: "pip", pipBehavior: "DYNAMIC" } }, hd, pipList);
    expect(tile(withHost, "guest").rect).toMatchObject({ width: 320, height: 180 });
  });

  it("DYNAMIC also fills the frame when the others are omitted (omitStoppedVideo)", () => {
    const list = [person("host", {}, { videoOn: false }), person("guest", { pip: "true" })];
    const result = computeLayout(
      { pip: { pipParticipantAttribute: "pip", pipBehavior: "DYNAMIC", omitStoppedVideo: true } },
      hd,
      list,
    );
    expect(tile(result, "guest").rect).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
    expect(result.omitted).toEqual([{ participantId: "host", reason: "video-stopped" }]);
  });

  it("without a PiP attribute the last participant in order is in the window (warning)", () => {
    const list = [person("a", { o: "2" }), person("b", { o: "3" }), person("c", { o: "1" })];
    const result = computeLayout({ pip: { participantOrderAttribute: "o" } }, hd, list);
    expect(result.pipId).toBe("b");
    expect(codes(result)).toContain("pip-attribute-unset");
    expect(tile(result, "c").rect.x).toBeLessThan(tile(result, "a").rect.x);
  });

  it("with a PiP attribute nobody carries, the window stays empty but is reported", () => {
    const result = computeLayout({ pip: { pipParticipantAttribute: "pip" } }, hd, people(2));
    expect(result.pipId).toBeUndefined();
    expect(result.tiles.every((t) => t.role === "main")).toBe(true);
    expect(result.pipSlot).toEqual({ x: 960, y: 540, width: 320, height: 180 });
    expect(codes(result)).toContain("pip-attribute-unmatched");
    expect(
      codes(computeLayout({ pip: { pipParticipantAttribute: "pip" } }, hd, [person("a", { pip: "yes" })])),
    ).toContain("pip-value-not-true");
  });

  it("several background participants share the frame in equal cells, gridGap apart", () => {
    const list = [...people(3), person("guest", { pip: "true" })];
    const result = computeLayout({ pip: { pipParticipantAttribute: "pip", gridGap: 4 } }, hd, list);
    const main = result.tiles.filter((t) => t.role === "main");
    expect(main).toHaveLength(3);
    expect(new Set(main.map((t) => `${t.rect.width}x${t.rect.height}`)).size).toBe(1);
    const [first, second] = main.map((t) => t.rect);
    expect(first).toEqual({ x: 0, y: 0, width: 638, height: 358 });
    if (first && second) expect(separation(first, second)).toBe(4);
  });

  it("featured in the background: larger slot on top, PiP stays in its window; PiP is never also featured", () => {
    const list = [person("a"), person("b", { f: "true" }), person("c", { pip: "true", f: "true" })];
    const result = computeLayout(
      { pip: { pipParticipantAttribute: "pip", featuredParticipantAttribute: "f" } },
      hd,
      list,
    );
    expect(result.featuredId).toBe("b");
    expect(tile(result, "b")).toMatchObject({ role: "featured", fillMode: "COVER" });
    expect(tile(result, "a").rect.y).toBeGreaterThan(tile(result, "b").rect.y);
    const only = computeLayout({ pip: { pipParticipantAttribute: "pip", featuredParticipantAttribute: "f" } }, hd, [
      person("a"),
      person("c", { pip: "true", f: "true" }),
    ]);
    expect(only.featuredId).toBeUndefined();
    expect(codes(only)).toContain("featured-is-pip");
  });

  it("videoFillMode applies to every PiP tile", () => {
    const result = computeLayout({ pip: { pipParticipantAttribute: "pip", videoFillMode: "CONTAIN" } }, hd, pipList);
    expect(result.tiles.map((t) => t.fillMode)).toEqual(["CONTAIN", "CONTAIN"]);
  });
});

describe("building blocks", () => {
  it("splitFeatured keeps ⅔ on top and one gap between", () => {
    expect(splitFeatured({ x: 0, y: 0, width: 100, height: 302 }, 2)).toEqual({
      featured: { x: 0, y: 0, width: 100, height: 200 },
      rest: { x: 0, y: 202, width: 100, height: 100 },
      gap: 2,
    });
  });

  it("placeCells centres a short last row", () => {
    const { cells } = placeCells("fill", 3, { x: 0, y: 0, width: 1280, height: 720 }, 0);
    expect(cells).toEqual([
      { x: 0, y: 0, width: 640, height: 360 },
      { x: 640, y: 0, width: 640, height: 360 },
      { x: 320, y: 360, width: 640, height: 360 },
    ]);
  });

  it("pipWindow clamps the offset to the canvas", () => {
    const resolved = resolveLayout({ pip: { pipOffset: 10_000 } });
    if (resolved.kind !== "pip") throw new Error("pip expected");
    const { rect } = pipWindow(resolved, { width: 100, height: 50 }, 16 / 9);
    expect(inside(rect, { x: 0, y: 0, width: 100, height: 50 })).toBe(true);
    expect(rect.width).toBeGreaterThanOrEqual(1);
  });

  it("is deterministic", () => {
    const list = people(7, (i) => ({ order: String(7 - i), ...(i === 3 ? { f: "true" } : {}) }));
    const spec = { grid: { featuredParticipantAttribute: "f", participantOrderAttribute: "order", gridGap: 6 } };
    expect(computeLayout(spec, hd, list)).toEqual(computeLayout(structuredClone(spec), hd, structuredClone(list)));
  });
});
