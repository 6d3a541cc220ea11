"use client";

import { memo, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { describeErrorCode } from "@/lib/error-codes";
import type { TimelineEvent } from "@/lib/timeline/model";
import { clock, eventLabel } from "./format";

const rowHeight = 30;
const overscan = 10;

/**
 * The events in the window as a virtualized listbox, in sync with the chart: hovering or selecting a row
 * highlights its marker and the other way round. Arrow keys, Page Up/Down, Home and End move the selection.
 */
export const EventList = memo(function EventList({
  events,
  selectedId,
  hoveredId,
  evidence,
  onSelect,
  onHover,
  nameOf,
  label,
}: {
  events: readonly TimelineEvent[];
  selectedId?: string;
  hoveredId?: string;
  evidence: ReadonlySet<string>;
  onSelect: (id: string) => void;
  onHover: (id: string | undefined) => void;
  nameOf: (participantId: string) => string;
  label: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Fixed-height rows: the visible slice is plain arithmetic (no per-row measurement, whatever the count).
  const [scroll, setScroll] = useState({ top: 0, height: 320 });
  const first = Math.max(0, Math.floor(scroll.top / rowHeight) - overscan);
  const last = Math.min(events.length, Math.ceil((scroll.top + scroll.height) / rowHeight) + overscan);
  const selectedIndex = selectedId ? events.findIndex((e) => e.id === selectedId) : -1;
  // Scroll to the selection when it changes, not on every zoom frame (its index moves with the window).
  const indexRef = useRef(selectedIndex);
  useEffect(() => {
    indexRef.current = selectedIndex;
  });
  useEffect(() => {
    const element = scrollRef.current;
    const index = indexRef.current;
    if (!element || index < 0) return;
    const top = index * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight)
      element.scrollTop = top + rowHeight - element.clientHeight;
  }, [selectedId]);

  const move = (index: number) => {
    const target = events[Math.max(0, Math.min(events.length - 1, index))];
    if (target) onSelect(target.id);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1);
    const at = selectedIndex;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      ArrowUp: () => move(at < 0 ? events.length - 1 : at - 1),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => move(0),
      End: () => move(events.length - 1),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const optionId = (id: string) => `event-${id}`;
  return (
    <div
      ref={scrollRef}
      role="listbox"
      aria-label={label}
      aria-activedescendant={selectedIndex >= 0 ? optionId(events[selectedIndex]?.id ?? "") : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onMouseLeave={() => onHover(undefined)}
      onScroll={(event) => setScroll({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight })}
      className="h-80 overflow-y-auto rounded border border-room-700 bg-room-900 focus-visible:border-accent"
      data-testid="event-list"
    >
      {events.length === 0 ? (
        <p className="px-3 py-6 text-sm text-room-300">No event of the chosen kinds in this window.</p>
      ) : (
        <div role="presentation" style={{ height: events.length * rowHeight, position: "relative" }}>
          {events.slice(first, last).map((event, offset) => {
            const index = first + offset;
            const selected = event.id === selectedId;
            const hovered = event.id === hoveredId;
            const info = event.errorCode ? describeErrorCode(event.errorCode) : undefined;
            return (
              <div
                key={event.id}
                id={optionId(event.id)}
                role="option"
                aria-selected={selected}
                aria-setsize={events.length}
                aria-posinset={index + 1}
                data-event-id={event.id}
                onClick={() => onSelect(event.id)}
                onMouseEnter={() => onHover(event.id)}
                className={`absolute inset-x-0 flex cursor-pointer items-center gap-2 border-l-2 px-2 text-xs ${
                  selected
                    ? "border-accent bg-room-800"
                    : hovered
                      ? "border-room-500 bg-room-850"
                      : evidence.has(event.id)
                        ? "border-warn bg-warn/10"
                        : "border-transparent"
                }`}
                style={{ top: index * rowHeight, height: rowHeight }}
              >
                <span className="w-24 shrink-0 font-mono text-room-300">{clock(event.time)}</span>
                <span
                  className={`w-32 shrink-0 truncate font-medium ${event.kind === "error" ? "text-live" : "text-room-100"}`}
                >
                  {eventLabel(event.name)}
                </span>
                <span className="min-w-0 flex-1 truncate text-room-100">
                  {event.errorCode ? (
                    <>
                      <span className="font-mono text-live">{event.errorCode}</span>
                      {info ? <span className="text-room-300"> · {info.title}</span> : null}
                    </>
                  ) : null}
                  {event.remoteParticipantId ? (
                    <span className="text-room-300"> → {nameOf(event.remoteParticipantId)}</span>
                  ) : null}
                  {event.destinationStageArn ? (
                    <span className="text-room-300">
                      {" "}
                      → {event.destinationStageArn.slice(event.destinationStageArn.lastIndexOf("/") + 1)}
                    </span>
                  ) : null}
                </span>
                {event.outOfOrder ? (
                  <span className="shrink-0 rounded bg-warn/15 px-1 text-warn">out of order</span>
                ) : null}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
});
