/**
 * The alert rule model: what an admin can ask the console to watch, validated with zod (field-level messages
 * keyed by dotted path), the shipped defaults, and which stages a rule's scope covers. Pure and isomorphic.
 */
import { z } from "zod";
import { EventErrorCodeValues } from "@/lib/ivs/enum-values";

export const alertKinds = [
  "errorRate",
  "publisherLimit",
  "composition",
  "recordingFailure",
  "quality",
  "connectedDrop",
  "session",
] as const;
export type AlertKind = (typeof alertKinds)[number];

export const alertKindLabels: Record<AlertKind, string> = {
  errorRate: "Participant error codes (rate per stage)",
  publisherLimit: "Publisher limit reached (QUOTA_EXCEEDED)",
  composition: "Composition or destination FAILED / RECONNECTING",
  recordingFailure: "Participant recording start / end failure",
  quality: "Packet loss or dropped frames above a level (CloudWatch)",
  connectedDrop: "Connected-count drop within one minute",
  session: "Session started / ended on a watched stage",
};

export const severities = ["critical", "warning", "info"] as const;

/** The quality series a rule can watch: the store's series ids (server/observe/metrics.ts), as percentages. */
export const qualityMetrics = ["loss", "dropped"] as const;
export type QualityMetric = (typeof qualityMetrics)[number];
export const qualityMetricLabels: Record<QualityMetric, string> = {
  loss: "Packet loss (DownloadPacketLoss)",
  dropped: "Dropped frames (DroppedFrames)",
};
export type Severity = (typeof severities)[number];

const knownCodes = new Set<string>(EventErrorCodeValues);

const windowSeconds = z
  .number({ error: "Enter a window in seconds." })
  .int("The window is a whole number of seconds.")
  .min(10, "The window must be at least 10 seconds (and never negative).")
  .max(86_400, "The window can be at most 86,400 seconds (one day).");

const nonEmpty = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(128, `${what[0]?.toUpperCase()}${what.slice(1)} can be at most 128 characters.`);

export const AlertScope = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }).strict(),
  z.object({ kind: z.literal("tag"), key: nonEmpty("a tag key"), value: nonEmpty("a tag value") }).strict(),
  z
    .object({
      kind: z.literal("names"),
      names: z
        .array(nonEmpty("a stage name"))
        .min(1, "Name at least one stage: an empty scope watches nothing.")
        .max(50, "At most 50 stage names."),
    })
    .strict(),
]);
export type AlertScope = z.infer<typeof AlertScope>;

const common = {
  name: z.string().trim().min(1, "Enter a name.").max(80, "A name can be at most 80 characters."),
  enabled: z.boolean(),
  severity: z.enum(severities, { error: "Choose critical, warning or info." }),
  scope: AlertScope,
  /** A condition must stay clear this long before its alert resolves (hold-down against flapping). */
  holdDownSeconds: z
    .number()
    .int("Whole seconds.")
    .min(0, "The hold-down cannot be negative.")
    .max(3600, "At most 3,600 seconds."),
};

export const AlertRuleBody = z.discriminatedUnion("kind", [
  z
    .object({
      ...common,
      kind: z.literal("errorRate"),
      /** Empty: any error code. */
      codes: z
        .array(
          z.string().refine((code) => knownCodes.has(code), {
            error: (issue) => `Unknown error code "${String(issue.input)}".`,
          }),
        )
        .max(30),
      threshold: z.number().int("Whole events.").min(1, "The threshold is at least 1 event.").max(10_000),
      windowSeconds,
    })
    .strict(),
  z.object({ ...common, kind: z.literal("publisherLimit"), windowSeconds }).strict(),
  z
    .object({
      ...common,
      kind: z.literal("composition"),
      states: z.array(z.enum(["FAILED", "RECONNECTING"])).min(1, "Choose FAILED, RECONNECTING or both."),
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal("recordingFailure"),
      which: z.array(z.enum(["start", "end"])).min(1, "Choose start failures, end failures or both."),
      windowSeconds,
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal("quality"),
      metric: z.enum(qualityMetrics, { error: "Choose packet loss or dropped frames." }),
      /** Above this percentage… */
      percent: z
        .number({ error: "Enter a percentage." })
        .gt(0, "The level is above 0 % (every value is at least 0).")
        .max(99.9, "The level is below 100 % (no value is above 100)."),
      /** …for at least this long (values are 5 s apart). */
      forSeconds: z
        .number({ error: "Enter a duration in seconds." })
        .int("Whole seconds.")
        .min(5, "At least 5 seconds (one value; CloudWatch values are 5 s apart).")
        .max(3600, "At most 3,600 seconds (one hour)."),
      per: z.enum(["participant", "stage"], { error: "Choose each participant or the stage as a whole." }),
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal("connectedDrop"),
      percent: z.number().min(1, "The drop is between 1 and 100 %.").max(100, "The drop is between 1 and 100 %."),
      /** Ignore stages smaller than this (a 2-person call losing one is not a mass disconnect). */
      minConnected: z.number().int().min(2, "At least 2 connected participants.").max(100_000),
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal("session"),
      events: z.array(z.enum(["started", "ended"])).min(1, "Choose started, ended or both."),
      /** How long the notice stays firing. */
      windowSeconds,
    })
    .strict(),
]);
export type AlertRuleBody = z.infer<typeof AlertRuleBody>;

/** An admin's save: a body, with the id when it updates an existing rule. */
export const SaveAlertRuleInput = z
  .object({ id: z.number().int().positive().optional(), rule: AlertRuleBody })
  .strict();
export type SaveAlertRuleInput = z.infer<typeof SaveAlertRuleInput>;

export const RuleIdInput = z.object({ id: z.number().int().positive() }).strict();
export const SetRuleEnabledInput = z.object({ id: z.number().int().positive(), enabled: z.boolean() }).strict();

export interface AlertRule {
  readonly id: number;
  readonly body: AlertRuleBody;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/**
 * The rules a new console starts with, enabled, chosen so that the demo world raises alerts within two minutes
 * of `npm start` and so that each names a problem an operator acts on during a show.
 */
export const defaultRules: readonly AlertRuleBody[] = [
  {
    name: "Participant errors on a stage",
    kind: "errorRate",
    enabled: true,
    severity: "warning",
    scope: { kind: "all" },
    holdDownSeconds: 30,
    codes: [],
    threshold: 2,
    windowSeconds: 600,
  },
  {
    name: "Publisher limit reached",
    kind: "publisherLimit",
    enabled: true,
    severity: "warning",
    scope: { kind: "all" },
    holdDownSeconds: 30,
    windowSeconds: 1800,
  },
  {
    name: "Composition or destination in trouble",
    kind: "composition",
    enabled: true,
    severity: "critical",
    scope: { kind: "all" },
    holdDownSeconds: 15,
    states: ["FAILED", "RECONNECTING"],
  },
  {
    name: "Participant recording failed",
    kind: "recordingFailure",
    enabled: true,
    severity: "critical",
    scope: { kind: "all" },
    holdDownSeconds: 30,
    which: ["start", "end"],
    windowSeconds: 900,
  },
  {
    name: "Sustained packet loss",
    kind: "quality",
    enabled: true,
    severity: "warning",
    scope: { kind: "all" },
    holdDownSeconds: 30,
    metric: "loss",
    percent: 10,
    forSeconds: 20,
    per: "participant",
  },
  {
    name: "Mass disconnect",
    kind: "connectedDrop",
    enabled: true,
    severity: "critical",
    scope: { kind: "all" },
    holdDownSeconds: 30,
    percent: 30,
    minConnected: 5,
  },
  {
    name: "Support desk call started or ended",
    kind: "session",
    enabled: true,
    severity: "info",
    scope: { kind: "names", names: ["support-desk"] },
    holdDownSeconds: 0,
    events: ["started", "ended"],
    windowSeconds: 300,
  },
];

export interface StageFacts {
  readonly arn: string;
  readonly name?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

/** Does the rule's scope cover this stage? */
export function inScope(scope: AlertScope, stage: StageFacts | undefined): boolean {
  if (scope.kind === "all") return true;
  if (!stage) return false;
  if (scope.kind === "tag") return stage.tags?.[scope.key] === scope.value;
  return stage.name !== undefined && scope.names.includes(stage.name);
}

/** "show=finals" → a tag scope; anything else is refused (undefined). */
export function parseTagScope(text: string): AlertScope | undefined {
  const at = text.indexOf("=");
  if (at <= 0) return undefined;
  return { kind: "tag", key: text.slice(0, at).trim(), value: text.slice(at + 1).trim() };
}

export function describeScope(scope: AlertScope): string {
  if (scope.kind === "all") return "All stages";
  if (scope.kind === "tag") return `Stages tagged ${scope.key}=${scope.value}`;
  return `Stages named ${scope.names.join(", ")}`;
}
