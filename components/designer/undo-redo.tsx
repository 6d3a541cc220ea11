"use client";

import { useEffect } from "react";
import { useStore } from "zustand";
import { Button } from "@/components/ui/button";
import type { DesignerStore } from "./designer-store";

/** Inputs whose own text undo Ctrl/⌘+Z keeps (the document's undo applies everywhere else). */
const textInput = /^(text|search|url|email|tel|password|number)$/;

function editsText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && textInput.test(target.type);
}

/**
 * Undo and redo of the designer's document: two buttons, and Ctrl/⌘+Z, Shift+Ctrl/⌘+Z (and Ctrl+Y) anywhere
 * on the page except inside a text field, where the browser's own text undo stays.
 */
export function UndoRedo({ store }: { store: DesignerStore }) {
  const canUndo = useStore(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (t) => t.futureStates.length > 0);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || editsText(event.target)) return;
      const key = event.key.toLowerCase();
      const redo = (key === "z" && event.shiftKey) || (key === "y" && event.ctrlKey && !event.shiftKey);
      if (key !== "z" && !redo) return;
      event.preventDefault();
      if (redo) store.getState().redo();
      else store.getState().undo();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);

  const buttons = [
    { label: "Undo", enabled: canUndo, keys: "Control+Z Meta+Z", title: "Undo (Ctrl/⌘+Z)", run: "undo" },
    {
      label: "Redo",
      enabled: canRedo,
      keys: "Control+Shift+Z Meta+Shift+Z Control+Y",
      title: "Redo (Shift+Ctrl/⌘+Z)",
      run: "redo",
    },
  ] as const;
  return (
    <div role="toolbar" aria-label="Design history" className="flex justify-end gap-2">
      {buttons.map((b) => (
        <Button
          key={b.label}
          className="px-2 py-1 text-xs"
          disabled={!b.enabled}
          aria-keyshortcuts={b.keys}
          title={b.title}
          onClick={() => store.getState()[b.run]()}
        >
          {b.label}
        </Button>
      ))}
    </div>
  );
}
