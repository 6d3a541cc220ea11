"use client";

import { brushX, type D3BrushEvent } from "d3-brush";
import { scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from "d3-zoom";
import { useEffect, useRef, useState, type RefObject } from "react";
import type { TimeWindow } from "@/lib/timeline/view-state";

/**
 * Horizontal-only zoom and pan with d3-zoom (wheel, drag, pinch) bound to a time window held by React. The
 * window is the source of truth: gestures report a new window; a window set elsewhere (keyboard, brush,
 * "show evidence") is pushed back into d3-zoom silently.
 */
export function useTimeZoom<E extends Element>({
  ref,
  domain,
  window,
  left,
  width,
  height,
  onChange,
  wheelNeedsModifier = false,
  minSpanMs = 10,
}: {
  ref: RefObject<E | null>;
  domain: TimeWindow;
  window: TimeWindow;
  /** The plot's horizontal range inside the element, px. */
  left: number;
  width: number;
  height: number;
  onChange: (window: TimeWindow) => void;
  /** Zoom with the wheel only with Ctrl/⌘ held (for views whose wheel scrolls). */
  wheelNeedsModifier?: boolean;
  minSpanMs?: number;
}) {
  const onChangeRef = useRef(onChange);
  const behaviorRef = useRef<ZoomBehavior<E, unknown> | null>(null);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  const domainFrom = domain.from;
  const domainTo = domain.to;
  useEffect(() => {
    const element = ref.current;
    if (!element || width <= 0) return;
    const base = scaleUtc()
      .domain([domainFrom, domainTo])
      .range([left, left + width]);
    const maxK = Math.max(1, (domainTo - domainFrom) / minSpanMs);
    const behavior = zoom<E, unknown>()
      .scaleExtent([1, maxK])
      .extent([
        [left, 0],
        [left + width, height],
      ])
      .translateExtent([
        [left, 0],
        [left + width, height],
      ])
      .constrain((t, extent, bounds) => {
        const dx0 = t.invertX(extent[0][0]) - bounds[0][0];
        const dx1 = t.invertX(extent[1][0]) - bounds[1][0];
        const dx = dx1 > dx0 ? (dx0 + dx1) / 2 : Math.min(0, dx0) || Math.max(0, dx1);
        const c = t.translate(dx, 0);
        return zoomIdentity.translate(c.x, 0).scale(c.k);
      })
      .filter((event: Event) => {
        if (event.type === "wheel")
          return !wheelNeedsModifier || (event as WheelEvent).ctrlKey || (event as WheelEvent).metaKey;
        const target = event.target instanceof Element ? event.target : null;
        if (target?.closest("a,button,input,select,textarea,[data-no-zoom]")) return false;
        return !(event as MouseEvent).button && !(event as MouseEvent).ctrlKey;
      })
      .on("zoom", (event: D3ZoomEvent<E, unknown>) => {
        if (!event.sourceEvent) return; // set by us
        const x = event.transform.rescaleX(base);
        const [from, to] = x.domain();
        if (from && to) onChangeRef.current({ from: from.getTime(), to: to.getTime() });
      });
    behaviorRef.current = behavior;
    const selection = select(element);
    selection.call(behavior).on("dblclick.zoom", null);
    return () => {
      selection.on(".zoom", null);
      behaviorRef.current = null;
    };
  }, [ref, domainFrom, domainTo, left, width, height, wheelNeedsModifier, minSpanMs]);

  // Push the window into d3-zoom (after the behaviour exists, and whenever the window moves).
  const windowFrom = window.from;
  const windowTo = window.to;
  useEffect(() => {
    const element = ref.current;
    const behavior = behaviorRef.current;
    if (!element || !behavior || width <= 0) return;
    select(element).call(
      behavior.transform,
      transformFor({ from: windowFrom, to: windowTo }, { from: domainFrom, to: domainTo }, left, width),
    );
  }, [ref, windowFrom, windowTo, domainFrom, domainTo, left, width, height, wheelNeedsModifier, minSpanMs]);
}

/** The d3 transform whose rescaled base scale shows `window`. */
export function transformFor(window: TimeWindow, domain: TimeWindow, left: number, width: number): ZoomTransform {
  const base = scaleUtc()
    .domain([domain.from, domain.to])
    .range([left, left + width]);
  const k = (domain.to - domain.from) / Math.max(1e-6, window.to - window.from);
  return zoomIdentity.translate(left - k * base(window.from), 0).scale(k);
}

/**
 * An overview strip with a d3-brush: its selection is the window; brushing sets it, a click without a drag
 * shows everything again.
 */
export function useBrush({
  ref,
  domain,
  window,
  width,
  height,
  onChange,
}: {
  ref: RefObject<SVGGElement | null>;
  domain: TimeWindow;
  window: TimeWindow;
  width: number;
  height: number;
  onChange: (window: TimeWindow) => void;
}) {
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const brushRef = useRef<ReturnType<typeof brushX<unknown>> | null>(null);
  const domainFrom = domain.from;
  const domainTo = domain.to;

  useEffect(() => {
    const element = ref.current;
    if (!element || width <= 0) return;
    const x = scaleUtc().domain([domainFrom, domainTo]).range([0, width]);
    const brush = brushX<unknown>()
      .extent([
        [0, 0],
        [width, height],
      ])
      .on("brush end", (event: D3BrushEvent<unknown>) => {
        if (!event.sourceEvent) return;
        const selection = event.selection as [number, number] | null;
        if (!selection || selection[1] - selection[0] < 2) {
          if (event.type === "end") onChangeRef.current({ from: domainFrom, to: domainTo });
          return;
        }
        onChangeRef.current({ from: x.invert(selection[0]).getTime(), to: x.invert(selection[1]).getTime() });
      });
    brushRef.current = brush;
    const selection = select(element);
    selection.call(brush);
    return () => {
      selection.on(".brush", null);
      selection.selectAll("*").remove();
      brushRef.current = null;
    };
  }, [ref, domainFrom, domainTo, width, height]);

  const windowFrom = window.from;
  const windowTo = window.to;
  useEffect(() => {
    const element = ref.current;
    const brush = brushRef.current;
    if (!element || !brush || width <= 0) return;
    const x = scaleUtc().domain([domainFrom, domainTo]).range([0, width]);
    select(element).call(brush.move, [
      Math.max(0, x(windowFrom)),
      Math.min(width, Math.max(x(windowFrom) + 1, x(windowTo))),
    ]);
  }, [ref, windowFrom, windowTo, domainFrom, domainTo, width, height]);
}

/** Width of an element, kept up to date (0 until measured). */
export function useWidth<E extends Element>(ref: RefObject<E | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    setWidth(Math.floor(element.getBoundingClientRect().width));
    return () => observer.disconnect();
  }, [ref, setWidth]);
  return width;
}
