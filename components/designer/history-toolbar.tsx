"use client";

import { Button } from "@/components/ui/button";

const buttons = [
  { label: "Undo", keys: "Control+Z Meta+Z", title: "Undo (Ctrl/⌘+Z)", run: "undo" },
  { label: "Redo", keys: "Control+Shift+Z Meta+Shift+Z Control+Y", title: "Redo (Shift+Ctrl/⌘+Z)", run: "redo" },
] as const;

/**
 * The designer's Undo and Redo buttons. Without `onRun` (until the history has loaded, after the page) they
 * are disabled and the toolbar is busy.
 */
export function HistoryToolbar({
  canUndo = false,
  canRedo = false,
  onRun,
}: {
  canUndo?: boolean;
  canRedo?: boolean;
  onRun?: (what: "undo" | "redo") => void;
}) {
  const enabled = { undo: canUndo, redo: canRedo };
  return (
    <div role="toolbar" aria-label="Design history" aria-busy={!onRun} className="flex justify-end gap-2">
      {buttons.map((b) => (
        <Button
          key={b.label}
          className="px-2 py-1 text-xs"
          disabled={!onRun || !enabled[b.run]}
          aria-keyshortcuts={b.keys}
          title={b.title}
          onClick={() => onRun?.(b.run)}
        >
          {b.label}
        </Button>
      ))}
    </div>
  );
}
