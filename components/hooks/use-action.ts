"use client";

import { useMutation, useQueryClient, type InvalidateQueryFilters } from "@tanstack/react-query";
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

function useActionMutation<I, T>(
  call: (input: I) => Promise<ActionResult<T>>,
  stale: () => InvalidateQueryFilters,
): ActionMutation<I, T> {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: async (input: I): Promise<ActionResult<T>> => {
      try {
        return await call(input);
      } catch {
        return { ok: false, error: networkError };
      }
    },
    onSuccess: async (result) => {
      if (result.ok) await queryClient.invalidateQueries(stale());
    },
  });
  return {
    run: mutation.mutateAsync,
    busy: mutation.isPending,
    error: mutation.data && !mutation.data.ok ? mutation.data.error : undefined,
    reset: mutation.reset,
  };
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
