import { eventKinds, type EventKind } from "./model";

/**
 * What a troubleshooting view shows, kept in the URL so a link restores it: the time window, the event kinds
 * shown, the selected event (participant view) and the lane filters (session view). Pure.
 *
 * `from`/`to` are ms since epoch; `kinds` a comma list (absent = all); `event` an event id;
 * `lanes` = `errors` to keep only lanes with problems; `q` a lane search.
 */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

export interface ViewState {
  readonly window?: TimeWindow;
  readonly kinds: readonly EventKind[];
  readonly event?: string;
  readonly errorsOnly: boolean;
  readonly query: string;
}

export const viewParamNames = ["from", "to", "kinds", "event", "lanes", "q"] as const;

const eventIdPattern = /^[a-z0-9][a-z0-9.\-_]{0,80}$/i;
const minSpan = 1;

type ParamsLike = { get(name: string): string | null };

/** A page's `searchParams` record as a `get`-able object. */
export function paramsOf(record: Readonly<Record<string, string | string[] | undefined>>): ParamsLike {
  return {
    get: (name) => {
      const value = record[name];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    },
  };
}

function int(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

export function parseViewState(params: ParamsLike): ViewState {
  const from = int(params.get("from"));
  const to = int(params.get("to"));
  const kindsParam = params.get("kinds");
  const kinds =
    kindsParam === null
      ? eventKinds
      : eventKinds.filter((kind) =>
          kindsParam
            .split(",")
            .map((k) => k.trim())
            .includes(kind),
        );
  const event = params.get("event");
  const query = params.get("q") ?? "";
  return {
    ...(from !== undefined && to !== undefined && to - from >= minSpan ? { window: { from, to } } : {}),
    kinds,
    ...(event && eventIdPattern.test(event) ? { event } : {}),
    errorsOnly: params.get("lanes") === "errors",
    query: query.slice(0, 128),
  };
}

/** Writes the view into `params` (a copy), leaving every other parameter (region, profile…) alone. */
export function writeViewState(params: URLSearchParams, state: ViewState): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of viewParamNames) next.delete(name);
  if (state.window) {
    next.set("from", String(Math.round(state.window.from)));
    next.set("to", String(Math.round(state.window.to)));
  }
  if (state.kinds.length !== eventKinds.length || !eventKinds.every((k) => state.kinds.includes(k))) {
    next.set("kinds", eventKinds.filter((k) => state.kinds.includes(k)).join(","));
  }
  if (state.event) next.set("event", state.event);
  if (state.errorsOnly) next.set("lanes", "errors");
  if (state.query) next.set("q", state.query);
  return next;
}

/**
 * Whole milliseconds, as the URL carries them: a shared link then shows exactly the same window (at least 1 ms
 * wide).
 */
export function wholeMilliseconds(state: ViewState): ViewState {
  if (!state.window) return state;
  const from = Math.round(state.window.from);
  return { ...state, window: { from, to: Math.max(from + 1, Math.round(state.window.to)) } };
}

/** How a troubleshooting view keeps its state: in a view store (`useViewStore`), in the URL. */
export const viewStateOptions = {
  normalize: wholeMilliseconds,
  write: (state: ViewState, params: URLSearchParams) => writeViewState(params, state),
  // Zooming, panning and typing a lane search change it many times a second.
  debounceMs: 250,
};

// ---- window arithmetic (zoom and pan by keyboard or buttons; d3-zoom does the same for gestures) ----------

/** Keeps a window inside the domain, at least `minMs` wide and at most the domain's width. */
export function clampWindow(window: TimeWindow, domain: TimeWindow, minMs = 10): TimeWindow {
  const domainSpan = Math.max(minMs, domain.to - domain.from);
  const span = Math.min(domainSpan, Math.max(minMs, window.to - window.from));
  let from = window.from;
  if (from < domain.from) from = domain.from;
  if (from + span > domain.from + domainSpan) from = domain.from + domainSpan - span;
  return { from, to: from + span };
}

/** Zoom by `factor` (>1 zooms in) around `center` (ms; default the window's middle). */
export function zoomWindow(
  window: TimeWindow,
  factor: number,
  domain: TimeWindow,
  center?: number,
  minMs = 10,
): TimeWindow {
  const c = center ?? (window.from + window.to) / 2;
  const span = (window.to - window.from) / factor;
  const ratio = window.to === window.from ? 0.5 : (c - window.from) / (window.to - window.from);
  return clampWindow({ from: c - span * ratio, to: c - span * ratio + span }, domain, minMs);
}

/** Pan by a fraction of the window's width (negative = earlier). */
export function panWindow(window: TimeWindow, fraction: number, domain: TimeWindow, minMs = 10): TimeWindow {
  const delta = (window.to - window.from) * fraction;
  return clampWindow({ from: window.from + delta, to: window.to + delta }, domain, minMs);
}

/** A window around one instant, at least `spanMs` wide (for "show this event"). */
export function windowAround(time: number, spanMs: number, domain: TimeWindow, minMs = 10): TimeWindow {
  return clampWindow({ from: time - spanMs / 2, to: time + spanMs / 2 }, domain, minMs);
}

/** Whether a window covers (nearly) the whole domain. */
export function isFullWindow(window: TimeWindow | undefined, domain: TimeWindow): boolean {
  if (!window) return true;
  const tolerance = (domain.to - domain.from) * 0.001;
  return window.from <= domain.from + tolerance && window.to >= domain.to - tolerance;
}

/** The domain drawn for a span: padded by 2 % on each side, at least one second wide. */
export function paddedDomain(span: readonly [number, number] | undefined, now: number): TimeWindow {
  const [from, to] = span ?? [now - 60_000, now];
  const width = Math.max(1000, to - from);
  const pad = width * 0.02;
  return { from: from - pad, to: from + width + pad };
}
