import { describe, expect, it } from "vitest";
import { changedTextPath, coalesceTyping } from "./history";

describe("changedTextPath", () => {
  const doc = { form: { kind: "grid", grid: { gap: "", order: "" } }, list: [{ name: "a" }, { name: "b" }], on: false };

  it("names the one text field that changed", () => {
    expect(changedTextPath(doc, { ...doc, form: { ...doc.form, grid: { ...doc.form.grid, gap: "1" } } })).toBe(
      "form.grid.gap",
    );
    expect(changedTextPath(doc, { ...doc, list: [doc.list[0], { name: "bc" }] })).toBe("list.1.name");
  });

  it("is undefined for anything but one text edit", () => {
    expect(changedTextPath(doc, doc)).toBeUndefined();
    expect(changedTextPath(doc, { ...doc, on: true })).toBeUndefined();
    expect(changedTextPath(doc, { ...doc, list: [...doc.list, { name: "c" }] })).toBeUndefined();
    expect(changedTextPath(doc, { ...doc, form: { ...doc.form, grid: { gap: "1", order: "x" } } })).toBeUndefined();
  });
});

describe("coalesceTyping", () => {
  const a = { text: "" };
  const b = { text: "h" };
  const c = { text: "hi" };

  it("keeps a run of keystrokes in one field as one step, until a pause, another edit or a reset", () => {
    let now = 0;
    const typing = coalesceTyping({ windowMs: 1000, now: () => now });
    expect(typing.isNewStep(a, b)).toBe(true);
    now = 500;
    expect(typing.isNewStep(b, c)).toBe(false);
    now = 2000;
    expect(typing.isNewStep(c, { text: "hi!" })).toBe(true);
    now = 2100;
    expect(typing.isNewStep({ text: "hi!" }, { text: "hi!", other: true })).toBe(true);
    now = 2200;
    expect(typing.isNewStep(a, b)).toBe(true);
    typing.reset();
    now = 2300;
    expect(typing.isNewStep(b, c)).toBe(true);
  });
});
