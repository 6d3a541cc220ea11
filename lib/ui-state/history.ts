/**
 * Helpers for the undo history of a client document (zundo, the undo/redo middleware for zustand): which edits
 * count as one step. Pure.
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
 * For a zundo `handleSet`: whether a change is a new undo step. Typing in one text field is one step: a change
 * that edits the same text field as the previous one, less than `windowMs` later, is not (the step keeps the
 * state from before the first keystroke). zundo passes the partialized past and current states. `reset()` ends
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
