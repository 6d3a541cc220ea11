import { describe, expect, it } from "vitest";
import { createStore } from "zustand/vanilla";
import { changedTextPath, coalesceTyping, createHistory } from "./history";

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

describe("createHistory", () => {
  function setup(limit = 100) {
    const store = createStore(() => ({ doc: { n: 0, text: "" }, notice: "" }));
    const recorder = createHistory(
      store,
      (state) => state.doc,
      (doc) => ({ doc }),
      { limit },
    );
    const stop = recorder.start();
    const set = (patch: Partial<{ n: number; text: string }>) =>
      store.setState((state) => ({ doc: { ...state.doc, ...patch } }));
    return { store, recorder, stop, set, n: () => store.getState().doc.n };
  }

  it("undoes and redoes, and a new edit drops the redo steps", () => {
    const { recorder, set, n } = setup();
    set({ n: 1 });
    set({ n: 2 });
    recorder.undo();
    expect(n()).toBe(1);
    recorder.undo();
    expect(n()).toBe(0);
    recorder.undo(); // nothing left: no change
    expect(n()).toBe(0);
    recorder.redo();
    expect(n()).toBe(1);
    set({ n: 5 });
    expect(recorder.history.getState().future).toEqual([]);
    recorder.redo();
    expect(n()).toBe(5);
    recorder.undo();
    expect(n()).toBe(1);
  });

  it("records neither its own undo nor a change that leaves the document shallowly equal", () => {
    const { store, recorder, set } = setup();
    set({ n: 1 });
    store.setState({ notice: "hello" });
    set({});
    expect(recorder.history.getState().past).toHaveLength(1);
    recorder.undo();
    expect(recorder.history.getState()).toMatchObject({ past: [], future: [{ n: 1 }] });
  });

  it("keeps at most `limit` steps, and stops recording when stopped", () => {
    const { recorder, stop, set, n } = setup(2);
    set({ n: 1 });
    set({ n: 2 });
    set({ n: 3 });
    expect(recorder.history.getState().past.map((d) => d.n)).toEqual([1, 2]);
    stop();
    set({ n: 4 });
    recorder.undo();
    expect(n()).toBe(2);
  });

  it("after an undo, typing in the same field is a new step again", () => {
    const { recorder, set, store } = setup();
    set({ text: "a" });
    set({ text: "ab" }); // same run
    expect(recorder.history.getState().past).toHaveLength(1);
    recorder.undo();
    set({ text: "x" });
    expect(recorder.history.getState()).toMatchObject({ past: [{ text: "" }], future: [] });
    expect(store.getState().doc.text).toBe("x");
  });
});
