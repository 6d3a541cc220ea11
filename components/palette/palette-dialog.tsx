"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { usePathname } from "next/navigation";
import { useMemo } from "react";
import { errorInfoOf, fetchAllPages, type ListName } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import type { InputOf } from "@/lib/ivs/operations";
import { ivsRealTimeRegions } from "@/lib/ivs/regions";
import { ivsKeys } from "@/lib/query-keys";
import {
  compositionItems,
  pageItems,
  paletteFilter,
  paletteGroups,
  regionItems,
  sessionItems,
  stageItems,
  type PaletteItem,
} from "./items";

/** The open palette: a dialog with a cmdk list of pages, stages, live sessions, compositions and regions. */
export default function PaletteDialog({
  context,
  search,
  setSearch,
  onOpenChange,
  onChoose,
}: {
  context: ConsoleContext;
  search: string;
  setSearch: (value: string) => void;
  onOpenChange: (open: boolean) => void;
  onChoose: (item: PaletteItem) => void;
}) {
  return (
    <RadixDialog.Root open onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <RadixDialog.Content className="fixed left-1/2 top-[12vh] z-50 w-[92vw] max-w-xl -translate-x-1/2 overflow-hidden rounded-lg border border-room-700 bg-room-900 shadow-2xl">
          <RadixDialog.Title className="sr-only">Command palette</RadixDialog.Title>
          <RadixDialog.Description className="sr-only">
            Type to find a stage, live session, composition, page or region. Arrow keys choose, Enter goes, Escape
            closes.
          </RadixDialog.Description>
          <Command
            label="Search stages, sessions, compositions, pages and regions"
            filter={paletteFilter}
            loop
            vimBindings={false}
          >
            <div className="flex items-center gap-2 border-b-2 border-room-700 px-3 focus-within:border-accent">
              <svg aria-hidden viewBox="0 0 16 16" className="h-4 w-4 shrink-0 fill-none stroke-room-300 stroke-[1.5]">
                <circle cx="7" cy="7" r="4.5" />
                <path d="M10.5 10.5 14 14" strokeLinecap="round" />
              </svg>
              <Command.Input
                value={search}
                onValueChange={setSearch}
                placeholder="Stage, session, composition, page or region…"
                // The underline of the row shows focus; the global outline would be clipped by the dialog.
                style={{ outline: "none" }}
                className="w-full bg-transparent py-3 text-sm text-room-100 placeholder:text-room-300"
              />
              <kbd className="rounded border border-room-700 px-1 font-mono text-[11px] text-room-300">Esc</kbd>
            </div>
            <PaletteResults context={context} onChoose={onChoose} />
          </Command>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Every page of a list, read when the palette opens; same cache entry as the list pages (`useAllPages`). */
function usePaletteList<N extends ListName>(context: ConsoleContext, name: N, input: Omit<InputOf<N>, "nextToken">) {
  return useQuery({
    queryKey: ivsKeys.allPages(context, name, input),
    queryFn: ({ signal }) => fetchAllPages(context, name, input, undefined, signal),
    staleTime: 5000,
  });
}

function PaletteResults({ context, onChoose }: { context: ConsoleContext; onChoose: (item: PaletteItem) => void }) {
  const pathname = usePathname();
  const stages = usePaletteList(context, "ListStages", { maxResults: 100 });
  const compositions = usePaletteList(context, "ListCompositions", {});
  const items = useMemo(() => {
    const stageList = stages.data?.items ?? [];
    const stageNames = new Map(stageList.map((s) => [s.arn, s.name ?? ""]));
    return [
      ...pageItems(context),
      ...stageItems(context, stageList),
      ...sessionItems(context, stageList),
      ...compositionItems(context, compositions.data?.items ?? [], stageNames),
      ...regionItems(context, ivsRealTimeRegions, pathname),
    ];
  }, [context, stages.data, compositions.data, pathname]);
  const loading = stages.isLoading || compositions.isLoading;
  const failure = stages.error ?? compositions.error;

  return (
    <Command.List label="Results" className="max-h-[50vh] overflow-y-auto p-2">
      {loading ? (
        <Command.Loading>
          <p className="px-2 py-1.5 text-xs text-room-300">Loading stages and compositions…</p>
        </Command.Loading>
      ) : null}
      {failure ? (
        <p role="alert" className="px-2 py-1.5 text-xs text-warn">
          Could not load everything: {errorInfoOf(failure).message}
        </p>
      ) : null}
      <Command.Empty className="px-2 py-6 text-center text-sm text-room-300">
        No match. Try a stage name or id, a session id (st-…), a composition id, a page or a region.
      </Command.Empty>
      {paletteGroups.map((group) => {
        const groupItems = items.filter((item) => item.group === group);
        if (groupItems.length === 0) return null;
        return (
          <Command.Group
            key={group}
            heading={group}
            className="mb-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:uppercase [&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-room-300"
          >
            {groupItems.map((item) => (
              <Command.Item
                key={item.id}
                value={item.id}
                keywords={[...item.keywords]}
                onSelect={() => onChoose(item)}
                className="flex cursor-pointer items-center justify-between gap-3 rounded px-2 py-1.5 text-sm text-room-100 data-[selected=true]:bg-room-700"
              >
                <span className="flex min-w-0 items-center gap-2">
                  {item.live ? <span aria-hidden className="h-1.5 w-1.5 shrink-0 rounded-full bg-live" /> : null}
                  <span className="truncate">{item.label}</span>
                  {item.live && item.group === "Stages" ? <span className="sr-only">(live)</span> : null}
                </span>
                {item.detail ? <span className="shrink-0 font-mono text-xs text-room-300">{item.detail}</span> : null}
              </Command.Item>
            ))}
          </Command.Group>
        );
      })}
    </Command.List>
  );
}
