import { shallow } from "zustand/shallow";
import { createStore, type StoreApi } from "zustand/vanilla";

/**
 * Undo and redo for a document kept in a zustand store. A small history of our own rather than the zundo
 * middleware: a middleware has to be in the store from its creation, so it would load with the page, while
 * this one attaches to an existing store and loads after the page (the designer's first-load JS is at its
 * budget). Pure apart from the store it watches.
 */

/**
 * The path of the one string that changed between two versions of an immutable document (`form.grid.gridGap`,
 * `simulated.1.name`), or undefined when anything else changed (several fields, a flag, an item added). Only
 * branches whose reference changed are walked.
 */
export function changedTextPath(before: unknown, after: unknown, path = ""): string | undefined {
  if (before === after) return undefined;
  if (typeof before === "string" && typeof after === "string") return path;
  if (!isWalkable(before) || !isWalkable(after) || Array.isArray(before) !== Array.isArray(after)) return undefined;
  if (Array.isArray(before) && Array.isArray(after) && before.length !== after.length) return undefined;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  let found: string | undefined;
  for (const key of keys) {
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (a === b) continue;
    if (found !== undefined) return undefined;
    const inner = changedTextPath(a, b, path ? `${path}.${key}` : key);
    if (inner === undefined) return undefined;
    found = inner;
  }
  return found;
}

function isWalkable(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/**
 * Whether a change is a new undo step. Typing in one text field is one step: a change
 * that edits the same text field as the previous one, less than `windowMs` later, is not (the step keeps the
 * state from before the first keystroke). `reset()` ends
 * the current run (call it on undo and redo, so that the next keystroke is recorded and clears the redo stack).
 */
export function coalesceTyping({ windowMs = 1000, now = Date.now }: { windowMs?: number; now?: () => number } = {}) {
  let last: { path: string; at: number } | undefined;
  return {
    isNewStep(past: unknown, current: unknown): boolean {
      const path = changedTextPath(past, current);
      const at = now();
      const sameRun = path !== undefined && last?.path === path && at - last.at < windowMs;
      last = path === undefined ? undefined : { path, at };
      return !sameRun;
    },
    reset() {
      last = undefined;
    },
  };
}

export interface HistoryState<D> {
  /** Earlier versions, the most recent last. */
  readonly past: readonly D[];
  /** Undone versions, the next redo last. */
  readonly future: readonly D[];
}

/**
 * Records the versions of the document that `select` reads from `store` (compared shallowly, typing coalesced
 * by `coalesceTyping`) once `start()` is called; `undo`/`redo` put a version back with `apply`. A new edit
 * after an undo drops what could be redone. `history` is a zustand store, for the buttons' state.
 */
export function createHistory<S, D extends object>(
  store: StoreApi<S>,
  select: (state: S) => D,
  apply: (document: D) => Partial<S>,
  { limit = 100, windowMs = 1000, now = Date.now }: { limit?: number; windowMs?: number; now?: () => number } = {},
) {
  const typing = coalesceTyping({ windowMs, now });
  const history = createStore<HistoryState<D>>()(() => ({ past: [], future: [] }));
  let applying = false;

  const step = (from: "past" | "future", to: "past" | "future") => {
    const state = history.getState();
    const target = state[from].at(-1);
    if (target === undefined) return;
    const current = select(store.getState());
    typing.reset();
    applying = true;
    try {
      store.setState(apply(target));
    } finally {
      applying = false;
    }
    const moved = { ...state, [from]: state[from].slice(0, -1) };
    history.setState({ ...moved, [to]: [...moved[to], current] });
  };

  return {
    history,
    /** Starts recording; returns the stop. */
    start: () =>
      store.subscribe((state, previous) => {
        const before = select(previous);
        const after = select(state);
        if (applying || shallow(before, after)) return;
        const { past } = history.getState();
        history.setState({
          past: typing.isNewStep(before, after) ? [...past, before].slice(-limit) : past,
          future: [],
        });
      }),
    undo: () => step("past", "future"),
    redo: () => step("future", "past"),
  };
}
