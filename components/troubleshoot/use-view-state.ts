"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { writeViewState, type ViewState } from "@/lib/timeline/view-state";

/**
 * The troubleshooting view's state (window, kinds, selection, lane filters). The page reads it from the URL on
 * the server (`parseViewState`) and passes it in; changes are written back to the URL (history.replaceState,
 * debounced) so the address is always a link to this exact view. It does not subscribe to the search params,
 * so its own URL updates do not re-render the view.
 */
export function useViewState(initial: ViewState) {
  const [state, setState] = useState<ViewState>(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const next = writeViewState(new URLSearchParams(window.location.search), state).toString();
      const current = window.location.search.replace(/^\?/, "");
      if (next !== current)
        window.history.replaceState(
          window.history.state,
          "",
          `${window.location.pathname}${next ? `?${next}` : ""}${window.location.hash}`,
        );
    }, 250);
    return () => clearTimeout(timer.current);
  }, [state]);

  const update = useCallback((patch: Partial<ViewState> | ((state: ViewState) => Partial<ViewState>)) => {
    setState((current) => {
      const next = { ...current, ...(typeof patch === "function" ? patch(current) : patch) };
      // Whole milliseconds, as the URL carries them: a shared link then shows exactly the same window.
      return next.window
        ? {
            ...next,
            window: {
              from: Math.round(next.window.from),
              to: Math.max(Math.round(next.window.from) + 1, Math.round(next.window.to)),
            },
          }
        : next;
    });
  }, []);
  return [state, update] as const;
}
