import { queryOptions, type InvalidateQueryFilters, type QueryKey } from "@tanstack/react-query";
import { fetchRead, type ReadOperationName } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import type { InputOf } from "@/lib/ivs/operations";

import { isPushed } from "@/lib/observe/live";
import { livePollInterval } from "@/lib/observe/live-status";
import { livePollMs, slowPollMs } from "@/lib/polling";

export { livePollMs, slowPollMs };

/** Query keys, general → specific: everything of a context, then one operation, then its input. */
export const ivsKeys = {
  all: (context: ConsoleContext) => ["ivs", context.region, context.profile ?? ""] as const,
  operation: (context: ConsoleContext, name: ReadOperationName) => [...ivsKeys.all(context), name] as const,
  read: <N extends ReadOperationName>(context: ConsoleContext, name: N, input: InputOf<N>) =>
    [...ivsKeys.operation(context, name), input] as const,
  /** Every page of a List operation as one entry (`useAllPages`, the palette share it). */
  allPages: <N extends ReadOperationName>(context: ConsoleContext, name: N, input: Omit<InputOf<N>, "nextToken">) =>
    [...ivsKeys.operation(context, name), "all", input] as const,
};

/** The operation an IVS read key names (`["ivs", region, profile, operation, …]`), else undefined. */
export function operationOfKey(queryKey: QueryKey): string | undefined {
  const [root, , , operation] = queryKey;
  return root === "ivs" && typeof operation === "string" ? operation : undefined;
}

/** Reads whose answer never changes once made (an encoder configuration's video, a public key's fingerprint). */
const immutableReads: ReadonlySet<string> = new Set<ReadOperationName>(["GetEncoderConfiguration", "GetPublicKey"]);

/** The team's layout presets (the console's own database). */
export const presetKeys = { all: ["console", "layout-presets"] as const };

/**
 * What each family of writes makes stale — the one place a mutation's invalidation is decided (the mutation hooks
 * in components/hooks/use-action.ts apply it after a success).
 */
export const invalidations = {
  /** An IVS write: every read of its region and profile, except reads that never change (they would only cost quota). */
  ivs: (context: ConsoleContext): InvalidateQueryFilters => ({
    queryKey: ivsKeys.all(context),
    predicate: (query) => !immutableReads.has(operationOfKey(query.queryKey) ?? ""),
  }),
  presets: (): InvalidateQueryFilters => ({ queryKey: presetKeys.all }),
};

/** One polled read, shared by server prefetch and client hooks. */
export function readQuery<N extends ReadOperationName>(
  context: ConsoleContext,
  name: N,
  input: InputOf<N>,
  pollMs: number | false = slowPollMs,
) {
  return queryOptions({
    queryKey: ivsKeys.read(context, name, input),
    queryFn: ({ signal }) => fetchRead(context, name, input, signal),
    // A function: while the push stream is open, polls slow down to reconciliation.
    refetchInterval: () => livePollInterval(pollMs, isPushed(name)),
    refetchIntervalInBackground: false,
  });
}

export const stageQueries = (context: ConsoleContext) => ({
  detail: (arn: string) => readQuery(context, "GetStage", { arn }, livePollMs),
  sessions: (stageArn: string) => readQuery(context, "ListStageSessions", { stageArn, maxResults: 100 }, livePollMs),
  compositions: (stageArn: string) =>
    readQuery(context, "ListCompositions", { filterByStageArn: stageArn }, livePollMs),
});

export const sessionQueries = (context: ConsoleContext, stageArn: string, sessionId: string) => ({
  detail: () => readQuery(context, "GetStageSession", { stageArn, sessionId }, livePollMs),
  participants: () => readQuery(context, "ListParticipants", { stageArn, sessionId, maxResults: 100 }, livePollMs),
  participant: (participantId: string) =>
    readQuery(context, "GetParticipant", { stageArn, sessionId, participantId }, livePollMs),
  events: (participantId: string) =>
    readQuery(context, "ListParticipantEvents", { stageArn, sessionId, participantId, maxResults: 100 }, livePollMs),
});

/** A find-a-user search (answered by the observation store); under `ivsKeys.all` so pushed changes reach it. */
export const findUserKey = (context: ConsoleContext, search: { userId: string; stageArn?: string } | undefined) =>
  [...ivsKeys.all(context), "find-user", search ?? null] as const;
