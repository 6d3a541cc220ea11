import { describe, expect, it } from "vitest";
import { createDesignerStore, designerHistory, resizeSimulated, writeDesignerUrl } from "./designer-store";
import { emptyLayoutForm } from "./forms";

const stage = "arn:aws:ivs:us-east-1:123456789012:stage/abcdEFGH1234";

/** A designer store with its history recording. */
function recorded() {
  const store = createDesignerStore();
  const history = designerHistory(store);
  history.start();
  return { store, ...history };
}

describe("the designer's document store", () => {
  it("undoes and redoes edits, one step per edit", () => {
    const { store, history, undo, redo } = recorded();
    const { edit } = store.getState();
    edit(() => ({ form: { ...emptyLayoutForm, kind: "pip" } }));
    edit((d) => ({ simulated: resizeSimulated(d.simulated, 5) }));
    expect(store.getState().document.simulated).toHaveLength(5);

    undo();
    expect(store.getState().document.simulated).toHaveLength(3);
    expect(store.getState().document.form.kind).toBe("pip");
    undo();
    expect(store.getState().document.form.kind).toBe("grid");
    expect(history.getState().past).toHaveLength(0);

    redo();
    redo();
    expect(store.getState().document.form.kind).toBe("pip");
    expect(store.getState().document.simulated).toHaveLength(5);
    expect(history.getState().future).toHaveLength(0);
  });

  it("a new edit after an undo drops the redo steps", () => {
    const { store, history, undo, redo } = recorded();
    store.getState().edit(() => ({ form: { ...emptyLayoutForm, kind: "pip" } }));
    undo();
    store.getState().edit((d) => ({ simulated: resizeSimulated(d.simulated, 1) }));
    expect(history.getState().future).toHaveLength(0);
    redo();
    expect(store.getState().document.form.kind).toBe("grid");
  });

  it("typing in one field is one step; the notice is not part of the history", () => {
    const { store, history, undo } = recorded();
    for (const gap of ["1", "12", "120"])
      store.getState().edit((d) => ({ form: { ...d.form, grid: { ...d.form.grid, gridGap: gap } } }), `gap ${gap}`);
    store.getState().edit(() => ({}), "only a notice");
    expect(history.getState().past).toHaveLength(1);
    undo();
    expect(store.getState().document.form.grid.gridGap).toBe("");
    expect(store.getState().notice).toBe("only a notice");
  });

  it("choosing a stage previews its live participants, clears the overrides, and is undoable", () => {
    const { store, undo } = recorded();
    expect(store.getState().document.source).toBe("simulated");
    store.getState().edit(() => ({ overrides: { p1: { name: "x" } } }));
    store.getState().chooseStage(stage);
    expect(store.getState().document).toMatchObject({ stageArn: stage, source: "live", overrides: {} });
    store.getState().chooseStage("");
    expect(store.getState().document.source).toBe("simulated");
    undo();
    undo();
    expect(store.getState().document).toMatchObject({ stageArn: "", overrides: { p1: { name: "x" } } });
  });
});

describe("the designer's URL", () => {
  it("holds the stage, round trip with the page's `stage` parameter", () => {
    const store = createDesignerStore(stage);
    const params = writeDesignerUrl(store.getState(), new URLSearchParams("region=us-east-1"));
    expect(params.get("stage")).toBe(stage);
    expect(createDesignerStore(params.get("stage") ?? "").getState().document).toMatchObject({
      stageArn: stage,
      source: "live",
    });
    store.getState().chooseStage("");
    expect(writeDesignerUrl(store.getState(), params).toString()).toBe("region=us-east-1");
  });
});

describe("resizeSimulated", () => {
  it("adds guests with fresh ids and cuts from the end", () => {
    const list = resizeSimulated(createDesignerStore().getState().document.simulated, 5);
    expect(list.map((p) => p.id)).toEqual(["sim-1", "sim-2", "sim-3", "sim-4", "sim-5"]);
    expect(resizeSimulated(list, 2).map((p) => p.id)).toEqual(["sim-1", "sim-2"]);
  });
});
