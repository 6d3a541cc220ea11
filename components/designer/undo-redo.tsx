"use client";

import { useEffect, useState } from "react";
import { useStore } from "zustand";
import { designerHistory, type DesignerStore } from "./designer-store";
import { HistoryToolbar } from "./history-toolbar";

/** Inputs whose own text undo Ctrl/⌘+Z keeps (the document's undo applies everywhere else). */
const textInput = /^(text|search|url|email|tel|password|number)$/;

function editsText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && textInput.test(target.type);
}

/**
 * Undo and redo of the designer's document (loaded after the page): records the history from its mount, and
 * offers two buttons and Ctrl/⌘+Z, Shift+Ctrl/⌘+Z (and Ctrl+Y) anywhere on the page except inside a text
 * field, where the browser's own text undo stays.
 */
export function UndoRedo({ store }: { store: DesignerStore }) {
  const [recorder] = useState(() => designerHistory(store));
  useEffect(() => recorder.start(), [recorder]);
  const canUndo = useStore(recorder.history, (h) => h.past.length > 0);
  const canRedo = useStore(recorder.history, (h) => h.future.length > 0);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || editsText(event.target)) return;
      const key = event.key.toLowerCase();
      const redo = (key === "z" && event.shiftKey) || (key === "y" && event.ctrlKey && !event.shiftKey);
      if (key !== "z" && !redo) return;
      event.preventDefault();
      if (redo) recorder.redo();
      else recorder.undo();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [recorder]);

  return <HistoryToolbar canUndo={canUndo} canRedo={canRedo} onRun={(what) => recorder[what]()} />;
}
