"use client";

import { useRouter } from "next/navigation";
import { lazy, Suspense, useEffect, useState } from "react";
import { useConsoleContext } from "@/components/hooks/use-console-context";
import type { PaletteItem } from "./items";
import { isPaletteShortcut } from "./shortcut";

// The palette itself (cmdk, the dialog, its queries) loads on first use, not with every page.
const PaletteDialog = lazy(() => import("./palette-dialog"));

/**
 * Ctrl-K / Cmd-K (or the header button): jump to a page, stage, live session or composition, or switch region.
 * Lists are read through the console's read route when the palette opens.
 */
export function CommandPalette({ defaultRegion }: { defaultRegion: string }) {
  const router = useRouter();
  const context = useConsoleContext(defaultRegion);
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!isPaletteShortcut(event)) return;
      event.preventDefault();
      setOpen((current) => !current);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  function changeOpen(next: boolean) {
    setOpen(next);
    if (!next) setSearch("");
  }

  function choose(item: PaletteItem) {
    changeOpen(false);
    router.push(item.href);
  }

  return (
    <>
      <button
        type="button"
        onClick={() => changeOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
        aria-label="Open command palette"
        className="flex items-center gap-3 whitespace-nowrap rounded border border-room-700 bg-room-850 px-2.5 py-1 text-xs text-room-300 hover:border-room-500 hover:text-room-100"
      >
        <span>Jump to…</span>
        <kbd className="rounded border border-room-700 bg-room-900 px-1 font-mono text-[11px] text-room-300">
          Ctrl K
        </kbd>
      </button>
      {open ? (
        <Suspense fallback={null}>
          <PaletteDialog
            context={context}
            search={search}
            setSearch={setSearch}
            onOpenChange={changeOpen}
            onChoose={choose}
          />
        </Suspense>
      ) : null}
    </>
  );
}
