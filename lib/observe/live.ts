/**
 * The push protocol between the console's server and its browser tabs (Server-Sent Events), and which cached
 * queries a change makes stale. Pure and isomorphic.
 *
 * A tab opens one stream for its (region, profile) and names the topics on its screen. Messages say what
 * changed, not the new data: the browser refetches the affected queries, which the server answers from the
 * observation store (no IVS call), so a change reaches the screen in one local round trip.
 */
import type { ConsoleContext } from "@/lib/context";

export interface SessionTopicRef {
  readonly stageArn: string;
  readonly sessionId: string;
}

export type LiveChange =
  /** Participants of a session (list, details or events) changed; `participantIds` when known. */
  | {
      readonly kind: "session";
      readonly stageArn: string;
      readonly sessionId: string;
      readonly participantIds?: readonly string[];
    }
  /** Stages (list, active sessions) changed. */
  | { readonly kind: "stages" }
  /** A composition changed (EventBridge Composition State Change). */
  | { readonly kind: "composition"; readonly arn: string }
  /** Alerts fired, were acknowledged or resolved (queries under the `["alerts"]` key). */
  | { readonly kind: "alerts" };

export interface LiveMessage {
  readonly region: string;
  readonly profile: string;
  readonly change: LiveChange;
}

/** The topic of a session's page, the stream's subscription unit. */
export function sessionTopic(ref: SessionTopicRef): string {
  return `session ${ref.stageArn} ${ref.sessionId}`;
}

export const everythingTopic = "all";

/** Topics a change concerns (a session change also concerns everything-wide views such as the overview). */
export function topicsOf(change: LiveChange): string[] {
  return change.kind === "session" ? [sessionTopic(change), everythingTopic] : [everythingTopic];
}

export function parseTopics(raw: string | null): string[] {
  return (raw ?? "")
    .split("\n")
    .map((topic) => topic.trim())
    .filter(
      (topic) =>
        topic === everythingTopic ||
        /^session arn:aws[\w-]*:ivs:[a-z0-9-]+:\d{12}:stage\/[A-Za-z0-9]+ st-[A-Za-z0-9]+$/.test(topic),
    )
    .slice(0, 20);
}

export function sessionOfTopic(topic: string): SessionTopicRef | undefined {
  const [kind, stageArn, sessionId] = topic.split(" ");
  return kind === "session" && stageArn && sessionId ? { stageArn, sessionId } : undefined;
}

const sessionOperations = new Set(["ListParticipants", "ListParticipantEvents", "GetParticipant", "GetStageSession"]);
const stageOperations = new Set(["ListStages", "GetStage", "ListStageSessions"]);

/**
 * Reads whose changes the collector pushes (it observes them); only these may poll slowly while the stream is
 * up. Everything else (compositions, configurations, ingest state…) keeps polling at its own pace.
 */
export function isPushed(operation: string): boolean {
  return sessionOperations.has(operation) || stageOperations.has(operation);
}
const compositionOperations = new Set(["ListCompositions", "GetComposition"]);

function mentions(part: unknown, field: string, value: string): boolean {
  return typeof part === "object" && part !== null && (part as Record<string, unknown>)[field] === value;
}

/**
 * Does this change make a cached query of the browser stale? Query keys are `["ivs", region, profile, operation,
 * …input-like parts]` (lib/query-keys.ts); the overview's error list is `["ivs", region, profile, "overview", …]`.
 */
export function affectsQuery(message: LiveMessage, context: ConsoleContext, queryKey: readonly unknown[]): boolean {
  const [root, region, profile, operation, ...rest] = queryKey;
  if (message.change.kind === "alerts") return root === "alerts";
  if (root !== "ivs" || region !== message.region || (profile ?? "") !== message.profile) return false;
  if (context.region !== message.region) return false;
  const change = message.change;
  if (operation === "overview") return change.kind === "session" || change.kind === "stages";
  if (typeof operation !== "string") return false;
  switch (change.kind) {
    case "session":
      return (
        sessionOperations.has(operation) &&
        rest.some(
          (part) => mentions(part, "stageArn", change.stageArn) && mentions(part, "sessionId", change.sessionId),
        )
      );
    case "stages":
      return stageOperations.has(operation);
    case "composition":
      return compositionOperations.has(operation);
  }
}
