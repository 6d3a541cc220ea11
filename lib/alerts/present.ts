/**
 * What an alert looks like outside the evaluator: the record the console shows and sends, its evidence link,
 * and the webhook payloads (generic JSON and Slack-compatible). Pure and isomorphic.
 */
import { link, routes } from "@/lib/routes";
import type { AlertKind, Severity } from "./rules";
import type { AlertState, AlertSubject, Evidence } from "./evaluate";

export interface AlertView {
  readonly id: number;
  readonly ruleId: number;
  readonly ruleName: string;
  readonly kind: AlertKind;
  readonly severity: Severity;
  readonly region: string;
  readonly profile: string;
  readonly subject: AlertSubject;
  readonly summary: string;
  readonly evidence: Evidence;
  readonly state: AlertState;
  readonly firedAt: string;
  readonly lastSeenAt: string;
  readonly acknowledgedAt?: string | undefined;
  readonly acknowledgedBy?: string | undefined;
  readonly resolvedAt?: string | undefined;
}

export type AlertTransition = "fired" | "acknowledged" | "resolved";

/** The console page that shows an alert's evidence, at the right time, in the alert's region and profile. */
export function evidencePath(alert: Pick<AlertView, "evidence" | "region" | "profile">): string {
  const context = { region: alert.region, ...(alert.profile ? { profile: alert.profile } : {}) };
  const evidence = alert.evidence;
  if (evidence.kind === "composition") return link(context, routes.composition(evidence.compositionArn));
  const base =
    evidence.kind === "participant"
      ? routes.participant(evidence.stageArn, evidence.sessionId, evidence.participantId)
      : routes.session(evidence.stageArn, evidence.sessionId);
  const withContext = link(context, base);
  const window = `from=${Math.round(evidence.from)}&to=${Math.round(evidence.to)}`;
  return `${withContext}${withContext.includes("?") ? "&" : "?"}${window}`;
}

export interface AlertPayload {
  readonly type: `alert.${AlertTransition}`;
  readonly sentAt: string;
  readonly alert: AlertView & { readonly evidenceUrl: string };
}

/** The generic JSON body: the transition and the whole alert, with an absolute evidence URL. */
export function jsonPayload(alert: AlertView, transition: AlertTransition, baseUrl: string, now: number): AlertPayload {
  return {
    type: `alert.${transition}`,
    sentAt: new Date(now).toISOString(),
    alert: { ...alert, evidenceUrl: new URL(evidencePath(alert), baseUrl).toString() },
  };
}

const emoji: Record<Severity, string> = {
  critical: ":red_circle:",
  warning: ":large_orange_circle:",
  info: ":large_blue_circle:",
};

/** A Slack incoming-webhook body (`text` plus one section block). */
export function slackPayload(
  alert: AlertView,
  transition: AlertTransition,
  baseUrl: string,
): { text: string; blocks: readonly unknown[] } {
  const url = new URL(evidencePath(alert), baseUrl).toString();
  const who = transition === "acknowledged" && alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : "";
  const text = `${emoji[alert.severity]} [${transition.toUpperCase()}${who}] ${alert.ruleName}: ${alert.summary}`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${text}\n<${url}|Open the evidence> · ${alert.region}` } },
    ],
  };
}
