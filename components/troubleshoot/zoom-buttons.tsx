"use client";

import { panWindow, zoomWindow, type TimeWindow } from "@/lib/timeline/view-state";

const buttonClass = "rounded border border-room-700 px-2 py-0.5 text-xs text-room-100 hover:border-room-500";

/** Zoom and pan by button (the same steps as the keyboard), and back to the whole session. */
export function ZoomButtons({
  window,
  domain,
  onChange,
  onReset,
}: {
  window: TimeWindow;
  domain: TimeWindow;
  onChange: (w: TimeWindow) => void;
  onReset: () => void;
}) {
  return (
    <div role="group" aria-label="Zoom and pan" className="flex items-center gap-1">
      <button
        type="button"
        className={buttonClass}
        aria-label="Pan earlier"
        onClick={() => onChange(panWindow(window, -0.25, domain))}
      >
        ←
      </button>
      <button
        type="button"
        className={buttonClass}
        aria-label="Zoom out"
        onClick={() => onChange(zoomWindow(window, 1 / 1.5, domain))}
      >
        −
      </button>
      <button
        type="button"
        className={buttonClass}
        aria-label="Zoom in"
        onClick={() => onChange(zoomWindow(window, 1.5, domain))}
      >
        +
      </button>
      <button
        type="button"
        className={buttonClass}
        aria-label="Pan later"
        onClick={() => onChange(panWindow(window, 0.25, domain))}
      >
        →
      </button>
      <button type="button" className={buttonClass} aria-label="Show the whole session" onClick={onReset}>
        Fit
      </button>
    </div>
  );
}

/** Keyboard zoom and pan for a focused chart: + / − zoom, ← / → pan (Shift: faster), 0 or Home shows all. */
export function windowForKey(
  key: string,
  shift: boolean,
  window: TimeWindow,
  domain: TimeWindow,
  center?: number,
): TimeWindow | undefined {
  const step = shift ? 0.5 : 0.1;
  switch (key) {
    case "+":
    case "=":
      return zoomWindow(window, 1.5, domain, center);
    case "-":
    case "_":
      return zoomWindow(window, 1 / 1.5, domain);
    case "ArrowLeft":
      return panWindow(window, -step, domain);
    case "ArrowRight":
      return panWindow(window, step, domain);
    case "0":
    case "Home":
      return domain;
    default:
      return undefined;
  }
}
