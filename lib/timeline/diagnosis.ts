import { describeErrorCode, redundantIngestNote } from "@/lib/error-codes";
import type { Timeline, TimelineEvent } from "./model";
import { summarize } from "./model";
import { metricRules, type MetricFacts } from "./metric-rules";

/**
 * Diagnosis: findings computed from a participant's timeline by pure rules. Each finding says how bad it is,
 * what happened, what to do, and which events prove it (ids of `Timeline.events`, highlighted in the view).
 *
 * Specific rules claim the error events they explain; a generic rule then turns every unclaimed error event
 * into a finding from the error-code catalog, so every documented code (and unknown ones) yields a finding.
 * "Healthy" is a finding too, when nothing is wrong.
 */

export type Severity = "critical" | "warning" | "info" | "ok";

export const severityOrder: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2, ok: 3 };

export type RuleId =
  | "bitrate"
  | "insufficient-capabilities"
  | "publisher-not-found"
  | "reconnect-loop"
  | "publisher-limit"
  | "subscriber-limit"
  | "rtmp-protocol"
  | "stream-key"
  | "b-frames"
  | "resolution"
  | "codec"
  | "stream-duration"
  | "join-error"
  | "token-exchange"
  | "replication"
  | "redundant-ingest"
  | "internal-error"
  | "error-code"
  | "data-quality"
  | "packet-loss"
  | "dropped-frames"
  | "bitrate-climb"
  | "healthy";

/** A stretch of a CloudWatch metric that supports a finding (drawn on the quality charts). */
export interface MetricEvidence {
  readonly metric: string;
  readonly label: string;
  /** Epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly peak: number;
  readonly peakAt: number;
  /** "Packet loss 14.2 % at 19:02:31". */
  readonly text: string;
}

export interface Finding {
  /** Unique within one diagnosis (rule and discriminator). */
  readonly id: string;
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly title: string;
  readonly explanation: string;
  /** What to do. */
  readonly action: string;
  /** Ids of the events that prove it, chronological. */
  readonly evidence: readonly string[];
  /** Error codes involved. */
  readonly codes: readonly string[];
  /** Events of other participants that support it (session view), e.g. the publisher's LEFT. */
  readonly remoteEvidence?: readonly { readonly participantId: string; readonly eventId: string }[];
  /** The participant succeeded after the last failure (it may come back). */
  readonly resolved?: boolean;
  /** Metric stretches that support it (metric rules). */
  readonly metricEvidence?: readonly MetricEvidence[];
}

export interface IngestFacts {
  readonly arn: string;
  readonly name?: string;
  readonly ingestProtocol?: string;
  /** `""` when detached. */
  readonly stageArn?: string;
}

export interface DiagnosisContext {
  readonly userId?: string;
  /** Participant.protocol: WHIP, RTMP, RTMPS or UNKNOWN. */
  readonly protocol?: string;
  readonly ispName?: string;
  readonly ingest?: IngestFacts;
  /** Participant.redundantIngest: one path of a redundant ingest configuration. */
  readonly redundantIngest?: boolean;
  /** A participant's display name (user id), for remote participants named in findings. */
  readonly nameOf?: (participantId: string) => string;
  /** Timelines of other participants of the session (session view), by participant id. */
  readonly remotes?: ReadonlyMap<string, Timeline>;
  /** How many participants published at a given time (session view). */
  readonly publishersAt?: (time: number) => number;
  /** Reconnect loop: this many JOINED within `reconnectWindowMs` (defaults 3 and 60 s). */
  readonly reconnectThreshold?: number;
  readonly reconnectWindowMs?: number;
  /** The participant's CloudWatch metrics, when read (metric rules). */
  readonly metrics?: MetricFacts;
}

export const publisherLimit = 12;
export const bitrateLimitMbps = 8.5;
export const suggestedBitrateMbps = 6;

const fmtTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)}Z`;

function fmtSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ""}`;
  const h = Math.floor(m / 60);
  return `${h} h${m % 60 ? ` ${m % 60} min` : ""}`;
}

/** "host-alice (txHhkiwccZbh)" when a name is known, else the id. */
function displayName(context: DiagnosisContext, participantId: string): string {
  const name = context.nameOf?.(participantId);
  return name && name !== participantId ? `${name} (${participantId})` : participantId;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function ingestName(context: DiagnosisContext): string | undefined {
  if (!context.ingest) return undefined;
  return context.ingest.name
    ? `"${context.ingest.name}"`
    : context.ingest.arn.slice(context.ingest.arn.lastIndexOf("/") + 1);
}

function isRtmp(context: DiagnosisContext): boolean {
  return Boolean(context.ingest) || context.protocol === "RTMP" || context.protocol === "RTMPS";
}

/** "the encoder streaming to ingest configuration "studio"" or "the participant's client". */
function sender(context: DiagnosisContext): string {
  const name = ingestName(context);
  if (name) return `the encoder streaming to ingest configuration ${name}`;
  if (isRtmp(context)) return "the RTMP encoder";
  return "the participant's client";
}

interface RuleInput {
  readonly timeline: Timeline;
  readonly context: DiagnosisContext;
  readonly errors: readonly TimelineEvent[];
}

type Rule = (input: RuleInput) => Finding[];

const errorsWith = (errors: readonly TimelineEvent[], code: string, name?: string) =>
  errors.filter((e) => e.errorCode === code && (name === undefined || e.name === name));

/** The first event after `time` satisfying `test`. */
function firstAfter(timeline: Timeline, time: number, test: (e: TimelineEvent) => boolean): TimelineEvent | undefined {
  return timeline.events.find((e) => e.time > time && test(e));
}

function lastOf<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}

/** "3 times between 12:00:01Z and 12:00:40Z" or "at 12:00:01Z". */
function occurrences(events: readonly TimelineEvent[]): string {
  const first = events[0];
  const last = lastOf(events);
  if (!first || !last) return "";
  return events.length === 1
    ? `at ${fmtTime(first.time)}`
    : `${events.length} times between ${fmtTime(first.time)} and ${fmtTime(last.time)}`;
}

/** Whether publishing succeeded after the last of these errors. */
function publishedAfter(timeline: Timeline, events: readonly TimelineEvent[]): TimelineEvent | undefined {
  const last = lastOf(events);
  return last ? firstAfter(timeline, last.time, (e) => e.name === "PUBLISH_STARTED" && !e.outOfOrder) : undefined;
}

function publishFinding(
  input: RuleInput,
  rule: RuleId,
  code: string,
  shape: (
    events: readonly TimelineEvent[],
    recovered: TimelineEvent | undefined,
  ) => Pick<Finding, "title" | "explanation" | "action"> & { severity?: Severity },
): Finding[] {
  const events = errorsWith(input.errors, code, "PUBLISH_ERROR");
  if (!events.length) return [];
  const recovered = publishedAfter(input.timeline, events);
  const shaped = shape(events, recovered);
  return [
    {
      id: `${rule}:${code}`,
      rule,
      severity: shaped.severity ?? (recovered ? "warning" : "critical"),
      title: shaped.title,
      explanation: shaped.explanation + (recovered ? ` Publishing then succeeded at ${fmtTime(recovered.time)}.` : ""),
      action: shaped.action,
      evidence: [...events.map((e) => e.id), ...(recovered ? [recovered.id] : [])],
      codes: [code],
      ...(recovered ? { resolved: true } : {}),
    },
  ];
}

const bitrate: Rule = (input) =>
  publishFinding(input, "bitrate", "BITRATE_EXCEEDED", (events) => ({
    title:
      events.length > 1
        ? `Publishing failed ${events.length} times: bitrate above ${bitrateLimitMbps} Mbps`
        : `Publishing failed: bitrate above ${bitrateLimitMbps} Mbps`,
    explanation: `IVS rejected the stream with BITRATE_EXCEEDED ${occurrences(events)}: ${sender(input.context)} sends more than the ${bitrateLimitMbps} Mbps a publisher may send.${events.length > 1 ? " Retrying with the same encoder settings fails the same way." : ""}`,
    action: `Cap the video bitrate around ${suggestedBitrateMbps} Mbps (encoders overshoot their target, and the limit is ${bitrateLimitMbps} Mbps including audio)${isRtmp(input.context) ? "; in the encoder, use CBR with that maximum" : "; in the broadcast SDK, lower the maximum bitrate of the video configuration"}.`,
  }));

const insufficientCapabilities: Rule = ({ timeline, errors, context }) => {
  const findings: Finding[] = [];
  const tokenEvents = timeline.events.filter((e) => e.name === "TOKEN_EXCHANGED");
  for (const [name, capability, verb, other] of [
    ["PUBLISH_ERROR", "PUBLISH", "publish", "subscribe-only"],
    ["SUBSCRIBE_ERROR", "SUBSCRIBE", "subscribe", "publish-only"],
  ] as const) {
    const events = errorsWith(errors, "INSUFFICIENT_CAPABILITIES", name);
    if (!events.length) continue;
    const last = lastOf(events);
    const recovered = last
      ? firstAfter(
          timeline,
          last.time,
          (e) => e.name === (name === "PUBLISH_ERROR" ? "PUBLISH_STARTED" : "SUBSCRIBE_STARTED"),
        )
      : undefined;
    const lacking = tokenEvents.filter(
      (e) => e.raw.newToken?.capabilities && !e.raw.newToken.capabilities.includes(capability),
    );
    findings.push({
      id: `insufficient-capabilities:${capability}`,
      rule: "insufficient-capabilities",
      severity: recovered ? "warning" : "critical",
      title: `Tried to ${verb} with a ${other} token`,
      explanation: `The participant${context.userId ? ` ${context.userId}` : ""} tried to ${verb} ${occurrences(events)}, but its token does not grant the ${capability} capability (INSUFFICIENT_CAPABILITIES).${lacking.length ? ` A token exchange at ${fmtTime(lacking[0]?.time ?? 0)} gave it a token without ${capability}.` : ""}${recovered ? ` It ${verb}ed successfully at ${fmtTime(recovered.time)}.` : ""}`,
      action: `Issue a new token with the ${capability} capability (CreateParticipantToken capabilities ["PUBLISH","SUBSCRIBE"], or allow_${verb} in a self-signed token)${verb === "publish" ? ", or hide the go-live control from viewers who are not meant to publish" : ""}.`,
      evidence: [...events, ...lacking, ...(recovered ? [recovered] : [])]
        .sort((a, b) => a.index - b.index)
        .map((e) => e.id),
      codes: ["INSUFFICIENT_CAPABILITIES"],
      ...(recovered ? { resolved: true } : {}),
    });
  }
  return findings;
};

const publisherNotFound: Rule = ({ timeline, errors, context }) => {
  const events = errorsWith(errors, "PUBLISHER_NOT_FOUND");
  const byRemote = new Map<string, TimelineEvent[]>();
  for (const event of events) {
    const key = event.remoteParticipantId ?? "";
    byRemote.set(key, [...(byRemote.get(key) ?? []), event]);
  }
  return [...byRemote].map(([remote, group]): Finding => {
    const first = group[0];
    const at = first?.time ?? 0;
    // What this participant saw: its subscription to that publisher stopped before the error.
    const stopped = [...timeline.events]
      .reverse()
      .find((e) => e.time <= at && e.name === "SUBSCRIBE_STOPPED" && e.remoteParticipantId === remote);
    // What the publisher's own timeline says (session view).
    const publisher = remote ? context.remotes?.get(remote) : undefined;
    const gone = publisher
      ? [...publisher.events].reverse().find((e) => e.time <= at && (e.name === "LEFT" || e.name === "PUBLISH_STOPPED"))
      : undefined;
    const everPublished = publisher
      ? publisher.events.some((e) => e.name === "PUBLISH_STARTED" && e.time <= at)
      : undefined;
    const who = remote ? displayName(context, remote) : "a publisher";
    let title: string;
    let explanation: string;
    if (gone) {
      title = `Subscribed to ${who} after it ${gone.name === "LEFT" ? "left" : "stopped publishing"}`;
      explanation = `${who} ${gone.name === "LEFT" ? "left the stage" : "stopped publishing"} at ${fmtTime(gone.time)}; this participant tried to subscribe to it ${occurrences(group)} and got PUBLISHER_NOT_FOUND.`;
    } else if (stopped) {
      title = `Subscribed to ${who} after it went away`;
      explanation = `The subscription to ${who} stopped at ${fmtTime(stopped.time)} (the publisher left or stopped publishing); subscribing again ${occurrences(group)} got PUBLISHER_NOT_FOUND.`;
    } else if (everPublished === false) {
      title = `Subscribed to ${who}, which never published`;
      explanation = `${who} had not published when this participant tried to subscribe to it ${occurrences(group)} (PUBLISHER_NOT_FOUND).`;
    } else {
      title = `Subscribed to a publisher that was not there`;
      explanation = `Subscribing to ${who} ${occurrences(group)} got PUBLISHER_NOT_FOUND: it had left or was not publishing.`;
    }
    const recovered = firstAfter(
      timeline,
      lastOf(group)?.time ?? 0,
      (e) => e.name === "SUBSCRIBE_STARTED" && e.remoteParticipantId === remote,
    );
    return {
      id: `publisher-not-found:${remote}`,
      rule: "publisher-not-found",
      severity: "warning",
      title,
      explanation: explanation + (recovered ? ` A later subscription at ${fmtTime(recovered.time)} worked.` : ""),
      action:
        "The client subscribed from a stale list of publishers. Update it from the SDK's participant and stream events (participant left, streams removed) before subscribing; this is a client-side race, not a service fault.",
      evidence: [...(stopped ? [stopped.id] : []), ...group.map((e) => e.id)],
      ...(gone ? { remoteEvidence: [{ participantId: remote, eventId: gone.id }] } : {}),
      codes: ["PUBLISHER_NOT_FOUND"],
      ...(recovered ? { resolved: true } : {}),
    };
  });
};

const reconnectLoop: Rule = ({ timeline, context }) => {
  const threshold = context.reconnectThreshold ?? 3;
  const windowMs = context.reconnectWindowMs ?? 60_000;
  const joins = timeline.events.filter((e) => e.name === "JOINED");
  if (joins.length < threshold) return [];
  // The densest window: the most JOINED within windowMs (two pointers).
  let best: { from: number; to: number } | undefined;
  let lo = 0;
  for (let hi = 0; hi < joins.length; hi++) {
    while ((joins[hi]?.time ?? 0) - (joins[lo]?.time ?? 0) > windowMs) lo++;
    if (hi - lo + 1 >= threshold && (!best || hi - lo > best.to - best.from)) best = { from: lo, to: hi };
  }
  if (!best) return [];
  const loop = joins.slice(best.from, best.to + 1);
  const start = loop[0]?.time ?? 0;
  const end = lastOf(loop)?.time ?? 0;
  const between = timeline.events.filter(
    (e) => e.time >= start && e.time <= end && (e.name === "LEFT" || e.name === "JOIN_ERROR"),
  );
  const joinErrors = between.filter((e) => e.name === "JOIN_ERROR").length;
  return [
    {
      id: "reconnect-loop",
      rule: "reconnect-loop",
      severity: loop.length >= threshold + 2 ? "critical" : "warning",
      title: `Reconnect loop: joined ${loop.length} times in ${fmtSpan(end - start)}`,
      explanation: `The participant joined ${loop.length} times between ${fmtTime(start)} and ${fmtTime(end)} (${plural(joins.length, "join")} in the session): its connection keeps dropping and the client keeps reconnecting.${joinErrors ? ` ${plural(joinErrors, "join attempt")} failed.` : ""}`,
      action: `Check the client's network${context.ispName ? ` (ISP: ${context.ispName})` : ""}: Wi-Fi, VPN or a firewall blocking UDP often cause it. Look at the client's SDK logs around these times; if the drops follow a moderator action, DisconnectParticipant revokes the token and the client must get a new one.`,
      evidence: [...loop, ...between].sort((a, b) => a.index - b.index).map((e) => e.id),
      codes: [],
    },
  ];
};

const publisherLimitRule: Rule = ({ timeline, errors, context }) => {
  const findings: Finding[] = [];
  const publish = errorsWith(errors, "QUOTA_EXCEEDED", "PUBLISH_ERROR");
  if (publish.length) {
    const recovered = publishedAfter(timeline, publish);
    const counted = context.publishersAt
      ? Math.max(...publish.map((e) => context.publishersAt?.(e.time) ?? 0))
      : undefined;
    findings.push({
      id: "publisher-limit",
      rule: "publisher-limit",
      severity: recovered ? "warning" : "critical",
      title: `Stage at its ${publisherLimit}-publisher limit`,
      explanation: `Publishing was refused with QUOTA_EXCEEDED ${occurrences(publish)}: a stage accepts at most ${publisherLimit} concurrent publishers (RTMP encoders and replicas count), and this limit cannot be raised.${counted ? ` The session had ${counted} publishers at that moment.` : ""}${recovered ? ` A slot freed up and publishing succeeded at ${fmtTime(recovered.time)}.` : ""}`,
      action: `Have another publisher stop (or turn a guest into a viewer) before this one goes live, or split the show across stages and bring guests in with participant replication. If the whole region is busy, ask AWS to raise the region's concurrent publishers quota.`,
      evidence: [...publish.map((e) => e.id), ...(recovered ? [recovered.id] : [])],
      codes: ["QUOTA_EXCEEDED"],
      ...(recovered ? { resolved: true } : {}),
    });
  }
  const subscribe = errorsWith(errors, "QUOTA_EXCEEDED", "SUBSCRIBE_ERROR");
  if (subscribe.length) {
    findings.push({
      id: "subscriber-limit",
      rule: "subscriber-limit",
      severity: "critical",
      title: "Subscription refused: subscriber quota reached",
      explanation: `Subscribing was refused with QUOTA_EXCEEDED ${occurrences(subscribe)}: a stage allows 10,000 subscribing participants and a region 20,000 concurrent subscriptions by default.`,
      action:
        "Move large audiences to a channel (server-side composition to IVS Low-Latency), or ask AWS to raise the subscriber and subscription quotas.",
      evidence: subscribe.map((e) => e.id),
      codes: ["QUOTA_EXCEEDED"],
    });
  }
  return findings;
};

const rtmpProtocol: Rule = (input) =>
  publishFinding(input, "rtmp-protocol", "INVALID_PROTOCOL", (events) => {
    const name = ingestName(input.context);
    return {
      title: `Encoder used RTMP; ${name ? `ingest configuration ${name}` : "the ingest configuration"} requires RTMPS`,
      explanation: `The stream was refused with INVALID_PROTOCOL ${occurrences(events)}: ${name ? `ingest configuration ${name} is` : "the ingest configuration is"} ${input.context.ingest?.ingestProtocol ?? "RTMPS"} without insecureIngest, so plain RTMP is not accepted.`,
      action: `Point the encoder at the stage's RTMPS endpoint (rtmps://…:443/app/) with the same stream key, or create an ingest configuration with ingestProtocol RTMP and insecureIngest: true${name ? ` to replace ${name}` : ""} if the encoder cannot do RTMPS.`,
    };
  });

const streamKey: Rule = (input) => {
  const name = ingestName(input.context);
  const config = name ? `ingest configuration ${name}` : "the ingest configuration";
  return [
    ...publishFinding(input, "stream-key", "INVALID_STREAM_KEY", (events) => ({
      title: `Stream key refused (${name ?? "ingest configuration"})`,
      explanation: `The encoder's stream key was refused with INVALID_STREAM_KEY ${occurrences(events)}.${input.context.ingest && !input.context.ingest.stageArn ? ` ${config} is not attached to any stage, so its key is unusable.` : ""}`,
      action: `Check the key in the encoder against ${config}; a key works only while its configuration is attached to a stage (set its stage in Configurations › Ingest). A moderator's disconnect detaches it.`,
    })),
    ...publishFinding(input, "stream-key", "REUSE_OF_STREAM_KEY", (events) => ({
      title: `Stream key already in use (${name ?? "ingest configuration"})`,
      explanation: `A second encoder tried to stream with the key of ${config} ${occurrences(events)} while it was live in another stage session (REUSE_OF_STREAM_KEY).`,
      action: `Stop the other encoder using ${config}'s key, or give each encoder its own ingest configuration.`,
      severity: "warning",
    })),
  ];
};

const bFrames: Rule = (input) =>
  publishFinding(input, "b-frames", "B_FRAME_PRESENT", (events) => ({
    title: "Encoder sends B-frames",
    explanation: `${sender(input.context)[0]?.toUpperCase()}${sender(input.context).slice(1)} was disconnected ${occurrences(events)} because its stream contains B-frames (B_FRAME_PRESENT); IVS real-time accepts none.`,
    action:
      'Turn B-frames off: with x264 set bframes=0 sliced-threads=0 (OBS: x264 options "bframes=0 sliced-threads=0"), use the H.264 Baseline profile, and a keyframe interval of 1–2 s.',
  }));

const resolution: Rule = (input) =>
  publishFinding(input, "resolution", "RESOLUTION_EXCEEDED", (events) => ({
    title: "Resolution above 720p",
    explanation: `The stream was refused with RESOLUTION_EXCEEDED ${occurrences(events)}: publishers may send at most 720p.`,
    action: `Scale ${sender(input.context)}'s output to 1280×720 (or 720×1280) or below.`,
  }));

const codec: Rule = (input) => [
  ...publishFinding(input, "codec", "INVALID_VIDEO_CODEC", (events) => ({
    title: "Unsupported video codec or settings",
    explanation: `The stream was refused with INVALID_VIDEO_CODEC ${occurrences(events)}.`,
    action: `Configure ${sender(input.context)} for H.264 Baseline, a keyframe (IDR) interval of 1 or 2 s and no B-frames.`,
  })),
  ...publishFinding(input, "codec", "INVALID_AUDIO_CODEC", (events) => ({
    title: "Unsupported audio codec or settings",
    explanation: `The stream was refused with INVALID_AUDIO_CODEC ${occurrences(events)}.`,
    action: `Configure ${sender(input.context)} for ${isRtmp(input.context) ? "AAC-LC" : "Opus"}, 1 or 2 channels, 44.1 or 48 kHz, at most 160 kbps.`,
  })),
];

const streamDuration: Rule = ({ timeline, errors }) => {
  const events = errors.filter((e) => e.errorCode === "STREAM_DURATION_EXCEEDED");
  if (!events.length) return [];
  const recovered = lastOf(events)
    ? firstAfter(
        timeline,
        lastOf(events)?.time ?? 0,
        (e) => e.name === "PUBLISH_STARTED" || e.name === "SUBSCRIBE_STARTED",
      )
    : undefined;
  return [
    {
      id: "stream-duration",
      rule: "stream-duration",
      severity: recovered ? "warning" : "critical",
      title: "Stream ran past the 24-hour limit",
      explanation: `IVS ended a publish or subscription ${occurrences(events)} with STREAM_DURATION_EXCEEDED: one publish or subscribe may last at most 24 h.`,
      action: "Plan long events as several sessions: reconnect (new session) before 24 h, e.g. at a scheduled break.",
      evidence: [...events.map((e) => e.id), ...(recovered ? [recovered.id] : [])],
      codes: ["STREAM_DURATION_EXCEEDED"],
      ...(recovered ? { resolved: true } : {}),
    },
  ];
};

const joinError: Rule = ({ timeline, errors }) => {
  // JOIN_ERRORs without a code (expired or revoked token) and with a code the specific rules do not explain.
  const events = errors.filter((e) => e.name === "JOIN_ERROR" && (!e.errorCode || !describeErrorCode(e.errorCode)));
  if (!events.length) return [];
  const recovered = firstAfter(timeline, lastOf(events)?.time ?? 0, (e) => e.name === "JOINED");
  return [
    {
      id: "join-error",
      rule: "join-error",
      severity: recovered ? "warning" : "critical",
      title: events.length > 1 ? `Could not join (${events.length} attempts)` : "Could not join",
      explanation: `Joining failed ${occurrences(events)}${events.some((e) => !e.errorCode) ? " without an error code, which IVS records when the token is expired or has been revoked (DisconnectParticipant revokes it)" : ""}.${recovered ? ` It joined at ${fmtTime(recovered.time)}.` : ""}`,
      action:
        "Give the participant a new token (a disconnected participant cannot rejoin with its old one) and check the token's expiry; client-side network errors are not recorded as events, so also check the client's SDK logs.",
      evidence: [...events.map((e) => e.id), ...(recovered ? [recovered.id] : [])],
      codes: [...new Set(events.map((e) => e.errorCode ?? "").filter(Boolean))],
      ...(recovered ? { resolved: true } : {}),
    },
  ];
};

/** Token exchanges the insufficient-capabilities rule does not already explain: what changed, for the record. */
const tokenExchange: Rule = ({ timeline, errors }) => {
  const failed = errors.some((e) => e.errorCode === "INSUFFICIENT_CAPABILITIES");
  const events = timeline.events.filter((e) => e.name === "TOKEN_EXCHANGED");
  return events.flatMap((event): Finding[] => {
    const before = event.raw.previousToken;
    const after = event.raw.newToken;
    const lost = (before?.capabilities ?? []).filter((c) => !(after?.capabilities ?? []).includes(c));
    if (failed && lost.length) return []; // the insufficient-capabilities finding cites this exchange
    const gained = (after?.capabilities ?? []).filter((c) => !(before?.capabilities ?? []).includes(c));
    const changes = [
      ...(lost.length ? [`lost ${lost.join(" and ")}`] : []),
      ...(gained.length ? [`gained ${gained.join(" and ")}`] : []),
      ...(JSON.stringify(before?.attributes ?? {}) !== JSON.stringify(after?.attributes ?? {})
        ? ["new attributes"]
        : []),
      ...(before?.userId !== after?.userId
        ? [`user id ${before?.userId ?? "(none)"} → ${after?.userId ?? "(none)"}`]
        : []),
      ...(after?.expirationTime && after.expirationTime !== before?.expirationTime
        ? [`expires ${after.expirationTime}`]
        : []),
    ];
    return [
      {
        id: `token-exchange:${event.id}`,
        rule: "token-exchange",
        severity: "info",
        title: lost.length
          ? `Token exchanged: no longer allowed to ${lost.map((c) => c.toLowerCase()).join(" or ")}`
          : "Token exchanged",
        explanation: `At ${fmtTime(event.time)} the participant swapped its token without leaving the stage${changes.length ? `: ${changes.join(", ")}` : " (same capabilities, attributes and expiry)"}.`,
        action: lost.length
          ? `Expect ${lost.map((c) => c.toLowerCase()).join(" and ")} attempts to fail with INSUFFICIENT_CAPABILITIES until it gets a token that grants ${lost.join(" and ")} again.`
          : "Nothing to do: this is how an app refreshes a token or changes a participant's role in place.",
        evidence: [event.id],
        codes: [],
      },
    ];
  });
};

/** REPLICATION_STARTED / REPLICATION_STOPPED: where the participant was copied, and for how long. */
const replication: Rule = ({ timeline }) => {
  const starts = timeline.events.filter((e) => e.name === "REPLICATION_STARTED");
  return starts.map((start): Finding => {
    const destination = start.raw.destinationStageArn ?? "another stage";
    const stop = firstAfter(
      timeline,
      start.time,
      (e) => e.name === "REPLICATION_STOPPED" && e.raw.destinationStageArn === start.raw.destinationStageArn,
    );
    const leftFirst = stop
      ? timeline.events.find((e) => e.name === "LEFT" && e.time >= start.time && e.time <= stop.time)
      : undefined;
    return {
      id: `replication:${start.id}`,
      rule: "replication",
      severity: "info",
      title: stop
        ? `Replicated to another stage for ${fmtSpan(stop.time - start.time)}`
        : "Replicated to another stage (still running)",
      explanation: `From ${fmtTime(start.time)} this participant's media was also on ${destination} (session ${start.raw.destinationSessionId ?? "unknown"}) through participant replication${stop ? `, until ${fmtTime(stop.time)}${leftFirst ? ", when it ended because the participant left" : ""}` : ""}.`,
      action:
        "Nothing to do here; the copy appears in the destination stage as a participant with replicationType REPLICA. Look there for its viewers.",
      evidence: [start.id, ...(stop ? [stop.id] : [])],
      codes: [],
    };
  });
};

/** A path of a redundant ingest configuration: a drop here is covered by the other path(s). */
const redundantIngest: Rule = ({ timeline, context }) => {
  if (!context.redundantIngest) return [];
  const leaves = timeline.events.filter((e) => e.name === "LEFT");
  return [
    {
      id: "redundant-ingest",
      rule: "redundant-ingest",
      severity: "info",
      title: "Redundant ingest path",
      explanation: `${redundantIngestNote}${leaves.length ? ` This path disconnected ${occurrences(leaves)}.` : ""}`,
      action:
        "If the feed went off the stage, check that the other path was live at the same time (same ingest configuration); otherwise nothing to do.",
      evidence: leaves.map((e) => e.id),
      codes: [],
    },
  ];
};

const internalError: Rule = ({ timeline, errors }) => {
  const events = errors.filter((e) => e.errorCode === "INTERNAL_SERVER_EXCEPTION");
  if (events.length < 2) return [];
  const recovered = publishedAfter(timeline, events);
  return [
    {
      id: "internal-error",
      rule: "internal-error",
      severity: recovered ? "warning" : "critical",
      title: `Repeated internal errors in IVS (${events.length})`,
      explanation: `IVS failed ${occurrences(events)} with INTERNAL_SERVER_EXCEPTION; retrying did not help.${recovered ? ` Publishing succeeded at ${fmtTime(recovered.time)}.` : ""}`,
      action:
        "Check the AWS Health Dashboard for IVS in this region; if nothing is reported, open an AWS Support case with the stage ARN, session id, participant id and these times.",
      evidence: [...events.map((e) => e.id), ...(recovered ? [recovered.id] : [])],
      codes: ["INTERNAL_SERVER_EXCEPTION"],
      ...(recovered ? { resolved: true } : {}),
    },
  ];
};

/** Every error event the rules above did not explain, grouped by event and code, from the catalog. */
function genericFindings(timeline: Timeline, unclaimed: readonly TimelineEvent[]): Finding[] {
  const groups = new Map<string, TimelineEvent[]>();
  for (const event of unclaimed) {
    const key = `${event.name}:${event.errorCode ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  return [...groups].map(([key, events]): Finding => {
    const sample = events[0];
    const code = sample?.errorCode ?? "";
    const info = describeErrorCode(code);
    const action =
      sample?.name === "SUBSCRIBE_ERROR" ? "subscribe" : sample?.name === "JOIN_ERROR" ? "join" : "publish";
    const recovered = firstAfter(
      timeline,
      lastOf(events)?.time ?? 0,
      (e) =>
        e.name === (action === "subscribe" ? "SUBSCRIBE_STARTED" : action === "join" ? "JOINED" : "PUBLISH_STARTED"),
    );
    const transient = info?.transient ?? false;
    return {
      id: `error-code:${key}`,
      rule: "error-code",
      severity: recovered || transient ? "warning" : "critical",
      title: info
        ? `${info.title} (${sample?.name ?? "error"})`
        : `Unknown error ${code || "without a code"} (${sample?.name ?? "error"})`,
      explanation: `${sample?.name ?? "An error"}${code ? ` ${code}` : ""} ${occurrences(events)}. ${info ? info.meaning : "This console does not know this code; see the IVS Event reference."}${recovered ? ` A later ${action} succeeded at ${fmtTime(recovered.time)}.` : ""}`,
      action: info
        ? info.guidance
        : "Look the code up in the Amazon IVS Real-Time API reference (Event.errorCode) and check the client's logs.",
      evidence: [...events.map((e) => e.id), ...(recovered ? [recovered.id] : [])],
      codes: code ? [code] : [],
      ...(recovered ? { resolved: true } : {}),
    };
  });
}

function dataQuality(timeline: Timeline): Finding[] {
  return timeline.issues.map((issue) => ({
    id: `data-quality:${issue.kind}`,
    rule: "data-quality" as const,
    severity: "info" as const,
    title:
      issue.kind === "out-of-order"
        ? "Events arrived out of order"
        : issue.kind === "missing-end"
          ? "Closing events missing"
          : issue.kind === "missing-start"
            ? "Opening events missing"
            : "Events without a time",
    explanation: issue.message,
    action:
      issue.kind === "out-of-order"
        ? "Nothing to fix: they are drawn at their own time and marked. Event times come from IVS's servers; small reorderings happen."
        : issue.kind === "missing-end"
          ? "The participant probably dropped without IVS recording it, or the events are still arriving; reload later. Treat the open end as uncertain."
          : "Part of the history is missing (events older than IVS keeps, or a gap); treat the start as uncertain.",
    evidence: issue.eventIds,
    codes: [],
  }));
}

const rules: readonly Rule[] = [
  bitrate,
  insufficientCapabilities,
  publisherNotFound,
  reconnectLoop,
  publisherLimitRule,
  rtmpProtocol,
  streamKey,
  bFrames,
  resolution,
  codec,
  streamDuration,
  joinError,
  tokenExchange,
  replication,
  redundantIngest,
  internalError,
  ...metricRules,
];

/** All findings for one participant, most severe first, then by time of their first evidence. */
export function diagnose(timeline: Timeline, context: DiagnosisContext = {}): Finding[] {
  const errors = timeline.events.filter((e) => e.kind === "error");
  const input: RuleInput = { timeline, context, errors };
  const findings = rules.flatMap((rule) => rule(input));
  const claimed = new Set(findings.flatMap((f) => f.evidence));
  findings.push(
    ...genericFindings(
      timeline,
      errors.filter((e) => !claimed.has(e.id)),
    ),
  );
  findings.push(...dataQuality(timeline));
  if (!findings.some((f) => f.severity === "critical" || f.severity === "warning")) findings.push(healthy(timeline));
  const firstTime = (f: Finding) => timeline.byId.get(f.evidence[0] ?? "")?.time ?? Number.POSITIVE_INFINITY;
  return findings.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || firstTime(a) - firstTime(b));
}

function healthy(timeline: Timeline): Finding {
  const s = summarize(timeline);
  const parts = [
    s.joins ? `joined ${plural(s.joins, "time")}` : "no JOINED event yet",
    s.publishes ? `published for ${fmtSpan(s.publishingMs)}` : "did not publish",
    s.subscriptions ? `subscribed to ${plural(s.subscriptions, "publisher")}` : "subscribed to nobody",
  ];
  return {
    id: "healthy",
    rule: "healthy",
    severity: "ok",
    title: timeline.events.length ? "Healthy: no errors" : "No events yet",
    explanation: timeline.events.length
      ? `The participant ${parts.join(", ")}; IVS recorded no error event.`
      : "IVS has recorded no event for this participant yet.",
    action: timeline.events.length
      ? "If the user still reports a problem, it is on the client side (camera or microphone permissions, network, SDK errors are not sent to IVS): ask for the SDK logs."
      : "Wait for the participant to join; events appear within seconds.",
    evidence: [],
    codes: [],
  };
}
