"use client";

import { useQueryClient, type InvalidateQueryFilters } from "@tanstack/react-query";
import { useState } from "react";
import type { ConsoleContext } from "@/lib/context";
import { invalidations } from "@/lib/query-keys";
import { networkError, type ActionResult, type ErrorInfo } from "@/lib/result";

/** A server action bound to a form or button: run it, show it running, show its failure. */
export interface ActionMutation<I, T> {
  /** Runs the action and resolves its Result — a network failure included — after the invalidation; never throws. */
  readonly run: (input: I) => Promise<ActionResult<T>>;
  readonly busy: boolean;
  /** The last run's failure (cleared when the next run starts, or by `reset`). */
  readonly error: ErrorInfo | undefined;
  readonly reset: () => void;
}

// Plain state rather than TanStack's useMutation: its observer would join the first load of every page with an
// action (the designer is at its 180 KB budget), and a Result-returning action needs none of its retry machinery.
function useActionMutation<I, T>(
  call: (input: I) => Promise<ActionResult<T>>,
  stale: () => InvalidateQueryFilters,
): ActionMutation<I, T> {
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ busy: boolean; error?: ErrorInfo }>({ busy: false });
  const run = async (input: I): Promise<ActionResult<T>> => {
    setState({ busy: true });
    let result: ActionResult<T>;
    try {
      result = await call(input);
    } catch {
      result = { ok: false, error: networkError };
    }
    if (result.ok) await queryClient.invalidateQueries(stale());
    setState(result.ok ? { busy: false } : { busy: false, error: result.error });
    return result;
  };
  return { run, busy: state.busy, error: state.error, reset: () => setState({ busy: false }) };
}

/** The IVS writes (stages, tokens, participants, compositions, configurations, public keys, tags, replication). */
export function useIvsAction<I, T>(
  context: ConsoleContext,
  action: (context: ConsoleContext, input: I) => Promise<ActionResult<T>>,
): ActionMutation<I, T> {
  return useActionMutation(
    (input: I) => action(context, input),
    () => invalidations.ivs(context),
  );
}

/** The layout presets' writes (save, delete). */
export function usePresetAction<I, T>(action: (input: I) => Promise<ActionResult<T>>): ActionMutation<I, T> {
  return useActionMutation(action, invalidations.presets);
}
