import { describe, expect, it } from "vitest";
import { isMarked, looksTrue, orderParticipants, orderValue } from "./order";
import { person } from "./test-helpers";

const ids = (list: readonly { id: string }[]) => list.map((p) => p.id);

describe("participant order", () => {
  it("parses numeric order values only", () => {
    expect(["1", " 2 ", "-1", "1.5", ".5", "1e2", "+3"].map(orderValue)).toEqual([1, 2, -1, 1.5, 0.5, 100, 3]);
    expect(["", "abc", "1a", "Infinity", "0x10", "1,5", undefined].map(orderValue)).toEqual(Array(7).fill(undefined));
  });

  it("keeps arrival order without an order attribute", () => {
    const list = [person("a", { order: "3" }), person("b", { order: "1" })];
    expect(ids(orderParticipants(list, undefined).ordered)).toEqual(["a", "b"]);
  });

  it("sorts numeric values ascending, ties by arrival, participants without a value last in arrival order", () => {
    const list = [
      person("a"),
      person("b", { order: "2" }),
      person("c", { order: "1" }),
      person("d", { order: "2" }),
      person("e"),
    ];
    const { ordered, warnings } = orderParticipants(list, "order");
    expect(ids(ordered)).toEqual(["c", "b", "d", "a", "e"]);
    expect(warnings).toEqual([]);
  });

  it("falls back to arrival order for non-numeric values, with a warning each", () => {
    const list = [person("a", { order: "first" }), person("b", { order: "2" }), person("c", { order: "" })];
    const { ordered, warnings } = orderParticipants(list, "order");
    expect(ids(ordered)).toEqual(["b", "a", "c"]);
    expect(warnings.map((w) => [w.code, w.participantId])).toEqual([
      ["order-not-numeric", "a"],
      ["order-not-numeric", "c"],
    ]);
  });

  it("warns when nobody carries the order attribute", () => {
    expect(orderParticipants([person("a"), person("b")], "seat").warnings.map((w) => w.code)).toEqual([
      "order-attribute-unmatched",
    ]);
    expect(orderParticipants([], "seat").warnings).toEqual([]);
  });

  it('marks only the exact string "true"', () => {
    expect(isMarked(person("a", { featured: "true" }), "featured")).toBe(true);
    expect(isMarked(person("a", { featured: "TRUE" }), "featured")).toBe(false);
    expect(isMarked(person("a", { featured: "true" }), undefined)).toBe(false);
    expect(["TRUE", "yes", "1", " true", "true"].map(looksTrue)).toEqual([true, true, true, true, false]);
  });
});
