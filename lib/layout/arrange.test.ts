import { describe, expect, it } from "vitest";
import {
  attributesText,
  displayOrder,
  markParticipant,
  moveParticipant,
  requiredAttributes,
  satisfies,
} from "./arrange";
import { computeLayout } from "./geometry";
import { resolveLayout } from "./options";
import { person } from "./test-helpers";

const ids = (list: readonly { id: string }[]) => list.map((p) => p.id);

describe("arranging the working copy", () => {
  const list = [person("a"), person("b"), person("c", { order: "0" })];

  it("moves a participant and renumbers the order attribute 1…n (arrival list unchanged)", () => {
    expect(ids(displayOrder(list, "order"))).toEqual(["c", "a", "b"]);
    const moved = moveParticipant(list, "order", "b", 0);
    expect(ids(moved)).toEqual(["a", "b", "c"]);
    expect(moved.map((p) => p.attributes.order)).toEqual(["3", "1", "2"]);
    expect(ids(displayOrder(moved, "order"))).toEqual(["b", "c", "a"]);
    expect(
      computeLayout({ grid: { participantOrderAttribute: "order" } }, { width: 1280, height: 720 }, moved).order,
    ).toEqual(["b", "c", "a"]);
    expect(moveParticipant(list, "order", "nobody", 1)).toEqual(list);
  });

  it("clamps the target index", () => {
    expect(ids(displayOrder(moveParticipant(list, "order", "c", 99), "order"))).toEqual(["a", "b", "c"]);
    expect(ids(displayOrder(moveParticipant(list, "order", "b", -4), "order"))).toEqual(["b", "c", "a"]);
  });

  it("marks one participant at a time, and unmarks", () => {
    const marked = markParticipant([person("a", { f: "true" }), person("b"), person("c", { f: "false" })], "f", "b");
    expect(marked.map((p) => p.attributes.f)).toEqual([undefined, "true", "false"]);
    expect(markParticipant(marked, "f", "b", false).map((p) => p.attributes.f)).toEqual([
      undefined,
      undefined,
      "false",
    ]);
  });
});

describe("token attributes a participant needs", () => {
  it("lists order values, and true / not-true under the featured and PiP attributes", () => {
    const resolved = resolveLayout({
      pip: {
        participantOrderAttribute: "seat",
        featuredParticipantAttribute: "star",
        pipParticipantAttribute: "corner",
      },
    });
    const needs = requiredAttributes(resolved, { order: ["x", "y", "z"], featuredId: "y", pipId: "z" });
    expect(needs.get("y")).toEqual([
      { key: "seat", value: "2" },
      { key: "star", value: "true" },
      { key: "corner", value: null },
    ]);
    expect(attributesText(needs.get("z") ?? [])).toBe("seat=3, corner=true");
    expect(requiredAttributes(resolveLayout({ grid: {} }), { order: ["x"] }).get("x")).toEqual([]);
  });

  it('checks what a participant carries (numbers compare as numbers, anything but "true" satisfies null)', () => {
    expect(satisfies({ seat: "2.0" }, { key: "seat", value: "2" })).toBe(true);
    expect(satisfies({ seat: "3" }, { key: "seat", value: "2" })).toBe(false);
    expect(satisfies({}, { key: "seat", value: "2" })).toBe(false);
    expect(satisfies({ star: "TRUE" }, { key: "star", value: "true" })).toBe(false);
    expect(satisfies({ star: "false" }, { key: "star", value: null })).toBe(true);
    expect(satisfies({ star: "true" }, { key: "star", value: null })).toBe(false);
  });
});
