import { pick } from "./data";
import type { HandlerGroup } from "./handler-kit";
import { disconnectParticipant } from "./live/participants";
import { sessionParticipants } from "./live/sessions";
import { listPage, nextTokenOf } from "./pagination";
import type { HandlerInput } from "../contract";
import type { Participant, ParticipantSummary, StageSession } from "./shapes";
import {
  findSession,
  requireParticipant,
  requireSession,
  requireStage,
  type ParticipantRecord,
  type SessionRecord,
  type World,
} from "./store";

const sessionView = (session: SessionRecord): StageSession => pick(session, ["sessionId", "startTime", "endTime"]);

const summaryKeys = [
  "participantId",
  "userId",
  "state",
  "firstJoinTime",
  "published",
  "recordingState",
  "replicationType",
  "replicationState",
  "sourceStageArn",
  "sourceSessionId",
  "redundantIngest",
  "ingestConfigurationArn",
] as const satisfies readonly (keyof ParticipantSummary)[];

const participantSummaryView = (participant: ParticipantRecord): ParticipantSummary =>
  pick(participant.data, summaryKeys);

const participantView = (participant: ParticipantRecord): Participant => structuredClone(participant.data);

type ParticipantFilters = Pick<
  HandlerInput<"ListParticipants">,
  "filterByUserId" | "filterByPublished" | "filterByState" | "filterByRecordingState"
>;

/** ListParticipants filters (the input schema allows at most one); `filterByPublished: false` filters nothing. */
function matchesFilters(participant: ParticipantRecord, filters: ParticipantFilters): boolean {
  const data = participant.data;
  if (filters.filterByUserId !== undefined && data.userId !== filters.filterByUserId) return false;
  if (filters.filterByPublished === true && !data.published) return false;
  if (filters.filterByState !== undefined && data.state !== filters.filterByState) return false;
  if (filters.filterByRecordingState !== undefined && data.recordingState !== filters.filterByRecordingState)
    return false;
  return true;
}

export function sessionHandlers(
  world: World,
): HandlerGroup<
  | "GetStageSession"
  | "ListStageSessions"
  | "GetParticipant"
  | "ListParticipants"
  | "ListParticipantEvents"
  | "DisconnectParticipant"
> {
  return {
    GetStageSession(input, ctx) {
      const store = world.region(ctx);
      requireStage(store, input.stageArn);
      return { stageSession: sessionView(requireSession(store, input.stageArn, input.sessionId)) };
    },

    ListStageSessions(input, ctx) {
      const store = world.region(ctx);
      const sessions = [...store.sessions.values()].filter((session) => session.stageArn === input.stageArn);
      const page = listPage(store, "ListStageSessions", input, sessions, "newest-first");
      return { stageSessions: page.items.map(sessionView), ...nextTokenOf(page) };
    },

    GetParticipant(input, ctx) {
      const store = world.region(ctx);
      requireStage(store, input.stageArn);
      const session = requireSession(store, input.stageArn, input.sessionId);
      return { participant: participantView(requireParticipant(store, session, input.participantId)) };
    },

    ListParticipants(input, ctx) {
      const store = world.region(ctx);
      // Unknown stages and sessions list as empty (ListParticipants models no ResourceNotFoundException).
      const session = findSession(store, input.stageArn, input.sessionId);
      const participants = (session ? sessionParticipants(store, session.sessionId) : []).filter((participant) =>
        matchesFilters(participant, input),
      );
      const page = listPage(store, "ListParticipants", input, participants);
      return { participants: page.items.map(participantSummaryView), ...nextTokenOf(page) };
    },

    ListParticipantEvents(input, ctx) {
      const store = world.region(ctx);
      const session = findSession(store, input.stageArn, input.sessionId);
      const events = (session ? (store.events.get(session.sessionId) ?? []) : []).filter(
        (event) => event.participantId === input.participantId,
      );
      const page = listPage(store, "ListParticipantEvents", input, events, "newest-first");
      return { events: page.items.map((event) => structuredClone(event.data)), ...nextTokenOf(page) };
    },

    DisconnectParticipant(input, ctx) {
      const store = world.region(ctx);
      disconnectParticipant(store, requireStage(store, input.stageArn), input.participantId);
      return {};
    },
  };
}
