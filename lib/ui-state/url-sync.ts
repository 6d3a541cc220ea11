import type { StoreApi } from "zustand/vanilla";

/**
 * The one way a client UI store (zustand) keeps the part of its state that the address holds in the URL: the
 * page's server component reads the search params into the store's initial state; afterwards every change is
 * written back with `history.replaceState` (at once, or debounced for continuous changes such as zooming), so
 * the address is always a link to this exact view.
 *
 * Why `history.replaceState` and not `router.replace`: Next's app router picks it up (`useSearchParams` and
 * `usePathname` follow it) without a server round trip or a re-render of the page, and it adds no history
 * entry per keystroke or zoom step. Other search parameters (region, profile…) are left alone.
 *
 * Browser only (call it from an effect); returns the unsubscribe, which also drops a pending write.
 */
export function bindToUrl<S>(
  store: StoreApi<S>,
  write: (state: S, params: URLSearchParams) => URLSearchParams,
  { debounceMs = 0 }: { debounceMs?: number } = {},
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const next = write(store.getState(), new URLSearchParams(window.location.search)).toString();
    if (next === window.location.search.replace(/^\?/, "")) return;
    window.history.replaceState(
      window.history.state,
      "",
      `${window.location.pathname}${next ? `?${next}` : ""}${window.location.hash}`,
    );
  };
  const unsubscribe = store.subscribe(() => {
    clearTimeout(timer);
    if (debounceMs <= 0) flush();
    else timer = setTimeout(flush, debounceMs);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

/** `params` (a copy) with `name` set to `value`, or removed when `value` is empty or undefined. */
export function withParam(params: URLSearchParams, name: string, value: string | undefined): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(name, value);
  else next.delete(name);
  return next;
}
