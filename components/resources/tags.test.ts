import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { operations } from "@/lib/ivs/operations";
import { applyTagDiff, checkTagRows, diffTags, isEmptyDiff, rowsFromTags, type TagRow } from "./tags";

const row = (id: string, key: string, value: string): TagRow => ({ id, key, value });

describe("checkTagRows", () => {
  it("turns valid rows into a tag map and ignores blank rows", () => {
    const check = checkTagRows([row("a", "team", "news"), row("b", "", ""), row("c", "empty", "")]);
    expect(check).toMatchObject({ ok: true, tags: { team: "news", empty: "" } });
    expect(
      operations.TagResource.input.safeParse({
        resourceArn: "arn:aws:ivs:us-east-1:123456789012:stage/abc",
        tags: check.tags,
      }).success,
    ).toBe(true);
  });

  it("reports key and value problems per row", () => {
    const check = checkTagRows([
      row("a", "", "orphan value"),
      row("b", "k".repeat(129), "v"),
      row("c", "ok", "v".repeat(257)),
      row("d", "aws:created", "x"),
      row("e", "dup", "1"),
      row("f", "dup", "2"),
    ]);
    expect(check.ok).toBe(false);
    expect(check.rowErrors.a?.key).toContain("Enter a key");
    expect(check.rowErrors.b?.key).toContain("128");
    expect(check.rowErrors.c?.value).toContain("256");
    expect(check.rowErrors.d?.key).toContain("aws:");
    expect(check.rowErrors.e).toBeUndefined();
    expect(check.rowErrors.f?.key).toContain("twice");
  });

  it("allows 50 tags and refuses 51", () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => row(String(i), `k${i}`, "v"));
    expect(checkTagRows(rows(50)).ok).toBe(true);
    const over = checkTagRows(rows(51));
    expect(over.ok).toBe(false);
    expect(over.formError).toContain("50");
  });

  it("keeps odd keys as ordinary tags", () => {
    expect(Object.keys(checkTagRows([row("a", "__proto__", "x")]).tags)).toEqual(["__proto__"]);
  });
});

describe("diffTags", () => {
  it("splits changes into TagResource (added, changed) and UntagResource (removed)", () => {
    const diff = diffTags({ a: "1", b: "2", c: "3" }, { a: "1", b: "changed", d: "new" });
    expect(diff).toEqual({ set: { b: "changed", d: "new" }, remove: ["c"] });
    expect(isEmptyDiff(diffTags({ a: "1" }, { a: "1" }))).toBe(true);
  });

  it("applying the diff to the old tags always gives the new tags", () => {
    const tagMap = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), {
      maxKeys: 10,
    });
    fc.assert(
      fc.property(tagMap, tagMap, (before, after) => {
        const diff = diffTags(before, after);
        expect(applyTagDiff(before, diff)).toEqual(after);
        for (const key of diff.remove) expect(Object.hasOwn(after, key)).toBe(false);
        for (const key of Object.keys(diff.set))
          expect(before[key] === after[key] && Object.hasOwn(before, key)).toBe(false);
      }),
    );
  });

  it("rows made from tags check back to the same tags", () => {
    const tags = { b: "2", a: "1" };
    const rows = rowsFromTags(tags);
    expect(rows.map((r) => r.key)).toEqual(["a", "b"]);
    expect(checkTagRows(rows).tags).toEqual(tags);
  });
});
