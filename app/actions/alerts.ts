"use server";

import { z } from "zod";
import type { AlertView } from "@/lib/alerts/present";
import { RuleIdInput, SaveAlertRuleInput, SetRuleEnabledInput, type AlertRule } from "@/lib/alerts/rules";
import { SaveWebhookInput, WebhookIdInput, type WebhookView } from "@/lib/alerts/webhook-input";
import type { Permission } from "@/lib/auth/roles";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import type { Result } from "@/lib/result";
import { requestIp } from "@/server/actions/run";
import { alertEngine } from "@/server/alerts/engine";
import { alertsStore } from "@/server/alerts/store";
import { audit } from "@/server/auth/audit";
import { authorize } from "@/server/auth/request";
import type { SessionUser } from "@/server/auth/sessions";

type Operation =
  | "CreateAlertRule"
  | "UpdateAlertRule"
  | "DeleteAlertRule"
  | "EnableAlertRule"
  | "DisableAlertRule"
  | "AcknowledgeAlert"
  | "CreateAlertWebhook"
  | "UpdateAlertWebhook"
  | "DeleteAlertWebhook";

interface Failure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
}
type Done<T> = { ok: true; data: T; target?: string; operation?: Operation } | Failure;

/** Webhook secrets never reach the audit trail. */
function recordable(input: unknown): unknown {
  if (input && typeof input === "object" && "secret" in input)
    return { ...(input as Record<string, unknown>), secret: "[not recorded]" };
  return input;
}

/**
 * The frame of every alert action: sign-in and role (`ManageAlerts` for rules and webhooks, `AcknowledgeAlerts`
 * for acknowledging), validation with the shared shape (field-level messages; an invalid input changes nothing),
 * then one audit record per attempt (success / failure / denied / invalid).
 */
async function act<S extends z.ZodType, T>(
  permission: Permission,
  operation: Operation,
  schema: S,
  rawInput: unknown,
  perform: (input: z.infer<S>, user: SessionUser) => Done<T>,
): Promise<Result<T>> {
  const access = await authorize(permission);
  const ip = await requestIp();
  const base = { actor: access.user, kind: "mutation" as const, operation, input: recordable(rawInput), ip };
  if (!access.ok) {
    if (access.user) audit({ ...base, outcome: "denied", errorCode: access.error.code });
    return { ok: false, error: access.error };
  }
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) {
    audit({ ...base, outcome: "invalid", errorCode: "ValidationException" });
    return {
      ok: false,
      error: {
        code: "ValidationException",
        message: formatValidationError(parsed.error),
        fields: fieldErrors(parsed.error),
        retryable: false,
      },
    };
  }
  const done = perform(parsed.data, access.user);
  const recorded = { ...base, input: recordable(parsed.data) };
  if (!done.ok) {
    audit({ ...recorded, outcome: "failure", errorCode: done.code });
    return { ok: false, error: { code: done.code, message: done.message, retryable: false } };
  }
  audit({ ...recorded, operation: done.operation ?? operation, target: done.target, outcome: "success" });
  return { ok: true, data: done.data };
}

const notFound = (what: string): Failure => ({
  ok: false,
  code: "ResourceNotFoundException",
  message: `That ${what} does not exist any more. Reload the page.`,
});

export async function saveAlertRuleAction(input: unknown): Promise<Result<AlertRule>> {
  const operation: Operation =
    input && typeof input === "object" && "id" in input && (input as { id?: unknown }).id !== undefined
      ? "UpdateAlertRule"
      : "CreateAlertRule";
  const result = await act<typeof SaveAlertRuleInput, AlertRule>(
    "ManageAlerts",
    operation,
    SaveAlertRuleInput,
    input,
    ({ id, rule }, user) => {
      const saved = alertsStore().saveRule(id, rule, user.username);
      return saved ? { ok: true, data: saved, target: `alert-rule:${saved.id}` } : notFound("rule");
    },
  );
  if (result.ok) alertEngine().rulesChanged();
  return result;
}

export async function setAlertRuleEnabledAction(input: unknown): Promise<Result<AlertRule>> {
  const result = await act<typeof SetRuleEnabledInput, AlertRule>(
    "ManageAlerts",
    "EnableAlertRule",
    SetRuleEnabledInput,
    input,
    ({ id, enabled }, user) => {
      const rule = alertsStore().rule(id);
      if (!rule) return notFound("rule");
      const saved = alertsStore().saveRule(id, { ...rule.body, enabled }, user.username);
      return saved
        ? {
            ok: true,
            data: saved,
            target: `alert-rule:${id}`,
            operation: enabled ? "EnableAlertRule" : "DisableAlertRule",
          }
        : notFound("rule");
    },
  );
  if (result.ok) alertEngine().rulesChanged();
  return result;
}

export async function deleteAlertRuleAction(input: unknown): Promise<Result<{ id: number }>> {
  const result = await act<typeof RuleIdInput, { id: number }>(
    "ManageAlerts",
    "DeleteAlertRule",
    RuleIdInput,
    input,
    ({ id }) =>
      alertsStore().deleteRule(id) ? { ok: true, data: { id }, target: `alert-rule:${id}` } : notFound("rule"),
  );
  if (result.ok) alertEngine().rulesChanged();
  return result;
}

const AcknowledgeInput = z.object({ id: z.number().int().positive() }).strict();

/** Firing → acknowledged (operator and up), by whom and when; pushed to every tab and sent to the webhooks. */
export async function acknowledgeAlertAction(input: unknown): Promise<Result<AlertView>> {
  const result = await act<typeof AcknowledgeInput, AlertView>(
    "AcknowledgeAlerts",
    "AcknowledgeAlert",
    AcknowledgeInput,
    input,
    ({ id }, user) => {
      const store = alertsStore();
      const acknowledged = store.acknowledge(id, user.username);
      if (acknowledged) return { ok: true, data: acknowledged, target: `alert:${id}` };
      const alert = store.alert(id);
      if (!alert) return notFound("alert");
      return {
        ok: false,
        code: "ConflictException",
        message:
          alert.state === "resolved"
            ? "This alert has already resolved."
            : `Already acknowledged by ${alert.acknowledgedBy ?? "someone"}.`,
      };
    },
  );
  if (result.ok) alertEngine().acknowledged(result.data);
  return result;
}

export async function saveWebhookAction(input: unknown): Promise<Result<WebhookView>> {
  const operation: Operation =
    input && typeof input === "object" && "id" in input && (input as { id?: unknown }).id !== undefined
      ? "UpdateAlertWebhook"
      : "CreateAlertWebhook";
  return act<typeof SaveWebhookInput, WebhookView>("ManageAlerts", operation, SaveWebhookInput, input, (hook) => {
    const store = alertsStore();
    const id = store.saveWebhook(hook);
    const saved = id === undefined ? undefined : store.webhooks().find((candidate) => candidate.id === id);
    return saved ? { ok: true, data: saved, target: `alert-webhook:${saved.id}` } : notFound("webhook");
  });
}

export async function deleteWebhookAction(input: unknown): Promise<Result<{ id: number }>> {
  return act<typeof WebhookIdInput, { id: number }>(
    "ManageAlerts",
    "DeleteAlertWebhook",
    WebhookIdInput,
    input,
    ({ id }) =>
      alertsStore().deleteWebhook(id) ? { ok: true, data: { id }, target: `alert-webhook:${id}` } : notFound("webhook"),
  );
}
