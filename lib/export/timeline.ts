import { describeErrorCode } from "@/lib/error-codes";
import type { Finding } from "@/lib/timeline/diagnosis";
import type { Interval, Timeline, TimelineEvent } from "@/lib/timeline/model";
import type { Swimlane } from "@/lib/timeline/swimlane";
import type { TimeWindow } from "@/lib/timeline/view-state";
import { toCsv, type CsvValue } from "./csv";

/** Exports of the troubleshooting views: JSON (everything, for tools) and CSV (events, for spreadsheets). */

export interface ExportScope {
  readonly region: string;
  readonly stageArn: string;
  readonly sessionId: string;
  readonly participantId?: string;
  /** The link that reopens the same view. */
  readonly url?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function eventJson(event: TimelineEvent) {
  const info = event.errorCode ? describeErrorCode(event.errorCode) : undefined;
  return {
    id: event.id,
    eventTime: event.iso,
    name: event.name,
    participantId: event.participantId,
    ...(event.remoteParticipantId ? { remoteParticipantId: event.remoteParticipantId } : {}),
    ...(event.errorCode ? { errorCode: event.errorCode } : {}),
    ...(info ? { meaning: info.meaning, guidance: info.guidance } : {}),
    ...(event.replica ? { replica: true } : {}),
    ...(event.destinationStageArn ? { destinationStageArn: event.destinationStageArn } : {}),
    ...(event.destinationSessionId ? { destinationSessionId: event.destinationSessionId } : {}),
    ...(event.outOfOrder ? { outOfOrder: true } : {}),
  };
}

function intervalJson(interval: Interval) {
  return {
    kind: interval.kind,
    start: iso(interval.start),
    end: iso(interval.end),
    ...(interval.remoteParticipantId ? { remoteParticipantId: interval.remoteParticipantId } : {}),
    ...(interval.open ? { open: interval.open } : {}),
    ...(interval.inferredEnd ? { inferredEnd: interval.inferredEnd } : {}),
    ...(interval.missingStart ? { missingStart: true } : {}),
  };
}

function findingJson(finding: Finding) {
  return {
    severity: finding.severity,
    rule: finding.rule,
    title: finding.title,
    explanation: finding.explanation,
    action: finding.action,
    evidence: finding.evidence,
    ...(finding.codes.length ? { codes: finding.codes } : {}),
    ...(finding.resolved ? { resolved: true } : {}),
  };
}

const inWindow = (event: TimelineEvent, window?: TimeWindow) =>
  !window || (event.time >= window.from && event.time <= window.to);

export function participantTimelineJson(
  scope: ExportScope,
  timeline: Timeline,
  findings: readonly Finding[],
  view: { window?: TimeWindow; events: readonly TimelineEvent[]; participant?: object },
) {
  return {
    kind: "ivs-participant-timeline",
    version: 1,
    exportedAt: new Date().toISOString(),
    scope,
    ...(view.window ? { window: { from: iso(view.window.from), to: iso(view.window.to) } } : {}),
    ...(view.participant ? { participant: view.participant } : {}),
    totals: { events: timeline.events.length, exported: view.events.length },
    findings: findings.map(findingJson),
    intervals: timeline.intervals.map(intervalJson),
    issues: timeline.issues,
    events: view.events.map(eventJson),
  };
}

export const eventCsvHeader = [
  "eventTime",
  "name",
  "participantId",
  "userId",
  "remoteParticipantId",
  "errorCode",
  "meaning",
  "whatToDo",
  "replica",
  "destinationStageArn",
  "destinationSessionId",
  "outOfOrder",
  "eventId",
] as const;

function eventRow(event: TimelineEvent, userId: string): CsvValue[] {
  const info = event.errorCode ? describeErrorCode(event.errorCode) : undefined;
  return [
    event.iso,
    event.name,
    event.participantId,
    userId,
    event.remoteParticipantId ?? "",
    event.errorCode ?? "",
    info?.meaning ?? "",
    info?.guidance ?? "",
    event.replica,
    event.destinationStageArn ?? "",
    event.destinationSessionId ?? "",
    event.outOfOrder,
    event.id,
  ];
}

export function participantTimelineCsv(events: readonly TimelineEvent[], userId: string): string {
  return toCsv(
    eventCsvHeader,
    events.map((e) => eventRow(e, userId)),
  );
}

export function swimlaneJson(scope: ExportScope, swimlane: Swimlane, window?: TimeWindow) {
  return {
    kind: "ivs-session-swimlane",
    version: 1,
    exportedAt: new Date().toISOString(),
    scope,
    ...(window ? { window: { from: iso(window.from), to: iso(window.to) } } : {}),
    totals: { participants: swimlane.lanes.length, events: swimlane.totalEvents, edges: swimlane.edges.length },
    lanes: swimlane.lanes.map((lane) => ({
      participantId: lane.participantId,
      userId: lane.userId,
      state: lane.participant.state ?? "",
      published: lane.participant.published ?? false,
      worst: lane.worst,
      findings: lane.findings.map(findingJson),
      intervals: lane.timeline.intervals.map(intervalJson),
      events: lane.timeline.events.filter((e) => inWindow(e, window)).map(eventJson),
    })),
    edges: swimlane.edges
      .filter((edge) => !window || (edge.end >= window.from && edge.start <= window.to))
      .map((edge) => ({
        subscriber: edge.from,
        publisher: edge.to,
        start: iso(edge.start),
        end: iso(edge.end),
        open: edge.open,
        ...(edge.replica ? { replica: true } : {}),
      })),
  };
}

export function swimlaneCsv(swimlane: Swimlane, window?: TimeWindow): string {
  const rows: { time: number; row: CsvValue[] }[] = [];
  for (const lane of swimlane.lanes) {
    for (const event of lane.timeline.events)
      if (inWindow(event, window)) rows.push({ time: event.time, row: eventRow(event, lane.userId) });
  }
  rows.sort((a, b) => a.time - b.time);
  return toCsv(
    eventCsvHeader,
    rows.map((r) => r.row),
  );
}

/** A file name safe everywhere: `participant-<id>-<yyyymmddThhmmss>.json`. */
export function exportFileName(prefix: string, id: string, extension: "json" | "csv", now = Date.now()): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, "").slice(0, 15);
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, "_")}-${stamp}.${extension}`;
}
