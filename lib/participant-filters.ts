import type { InputOf, OutputOf } from "@/lib/ivs/operations";

export type ParticipantSummary = NonNullable<OutputOf<"ListParticipants">["participants"]>[number];

/** What an operator filters a session's participants by; any combination. */
export interface ParticipantFilters {
  readonly userId?: string;
  readonly state?: "CONNECTED" | "DISCONNECTED";
  readonly published?: boolean;
  readonly recordingState?: "STARTING" | "ACTIVE" | "STOPPING" | "STOPPED" | "FAILED";
}

/** The filter controls as a table shows them ("" = any), kept in the table's view store. */
export interface ParticipantFilterForm {
  readonly userId: string;
  readonly state: "" | NonNullable<ParticipantFilters["state"]>;
  readonly published: "" | "yes" | "no";
  readonly recordingState: "" | NonNullable<ParticipantFilters["recordingState"]>;
}

export const anyParticipant: ParticipantFilterForm = { userId: "", state: "", published: "", recordingState: "" };

/** The filters a form sets (a blank or whitespace user id is no filter). */
export function participantFilters(form: ParticipantFilterForm): ParticipantFilters {
  const userId = form.userId.trim();
  return {
    ...(userId ? { userId } : {}),
    ...(form.state ? { state: form.state } : {}),
    ...(form.published ? { published: form.published === "yes" } : {}),
    ...(form.recordingState ? { recordingState: form.recordingState } : {}),
  };
}

type ApiFilter = Pick<
  InputOf<"ListParticipants">,
  "filterByUserId" | "filterByState" | "filterByPublished" | "filterByRecordingState"
>;

/**
 * ListParticipants accepts at most one filter. Send the most selective one to IVS (fewer pages) and apply
 * the others in the browser: user id, then recording state, then state, then published.
 */
export function planParticipantQuery(filters: ParticipantFilters): {
  api: ApiFilter;
  local: (p: ParticipantSummary) => boolean;
} {
  const checks: ((p: ParticipantSummary) => boolean)[] = [];
  let api: ApiFilter = {};
  const take = (candidate: ApiFilter, check: (p: ParticipantSummary) => boolean) => {
    if (Object.keys(api).length === 0) api = candidate;
    else checks.push(check);
  };
  if (filters.userId) take({ filterByUserId: filters.userId }, (p) => p.userId === filters.userId);
  if (filters.recordingState)
    take({ filterByRecordingState: filters.recordingState }, (p) => p.recordingState === filters.recordingState);
  if (filters.state) take({ filterByState: filters.state }, (p) => p.state === filters.state);
  if (filters.published !== undefined)
    take({ filterByPublished: filters.published }, (p) => Boolean(p.published) === filters.published);
  return { api, local: (p) => checks.every((check) => check(p)) };
}
