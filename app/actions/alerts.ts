"use server";

import { z } from "zod";
import { RuleIdInput, SaveAlertRuleInput, SetRuleEnabledInput } from "@/lib/alerts/rules";
import { WebhookIdInput } from "@/lib/alerts/webhook-input";
import { ActionError, defineAction } from "@/server/actions/client";
import { alertEngine } from "@/server/alerts/engine";
import { alertsStore } from "@/server/alerts/store";
import { SaveWebhookInput, webhookTargetProblem } from "@/server/alerts/webhook-policy";

// Alert rules and webhooks (`ManageAlerts`, admin) and acknowledging (`AcknowledgeAlerts`, operator and up).

/** Webhook secrets never reach the audit trail. */
function recordable(input: unknown): unknown {
  if (input && typeof input === "object" && "secret" in input)
    return { ...(input as Record<string, unknown>), secret: "[not recorded]" };
  return input;
}

function hasId(input: unknown): boolean {
  return !!input && typeof input === "object" && "id" in input && (input as { id?: unknown }).id !== undefined;
}

const notFound = (what: string) =>
  new ActionError("ResourceNotFoundException", `That ${what} does not exist any more. Reload the page.`);

const ruleAction = {
  permission: "ManageAlerts",
  after: (result: { ok: boolean }) => {
    if (result.ok) void alertEngine().rulesChanged();
  },
} as const;

export const saveAlertRuleAction = defineAction({
  ...ruleAction,
  operation: (input) => (hasId(input) ? "UpdateAlertRule" : "CreateAlertRule"),
  input: SaveAlertRuleInput,
  handler: async ({ id, rule }, { user, note }) => {
    const saved = await alertsStore().saveRule(id, rule, user.username);
    if (!saved) throw notFound("rule");
    note({ target: `alert-rule:${saved.id}` });
    return saved;
  },
});

export const setAlertRuleEnabledAction = defineAction({
  ...ruleAction,
  operation: "EnableAlertRule",
  input: SetRuleEnabledInput,
  handler: async ({ id, enabled }, { user, note }) => {
    const rule = await alertsStore().rule(id);
    const saved = rule ? await alertsStore().saveRule(id, { ...rule.body, enabled }, user.username) : undefined;
    if (!saved) throw notFound("rule");
    note({ target: `alert-rule:${id}`, operation: enabled ? "EnableAlertRule" : "DisableAlertRule" });
    return saved;
  },
});

export const deleteAlertRuleAction = defineAction({
  ...ruleAction,
  operation: "DeleteAlertRule",
  input: RuleIdInput,
  handler: async ({ id }, { note }) => {
    if (!(await alertsStore().deleteRule(id))) throw notFound("rule");
    note({ target: `alert-rule:${id}` });
    return { id };
  },
});

const AcknowledgeInput = z.object({ id: z.number().int().positive() }).strict();

/** Firing → acknowledged (operator and up), by whom and when; pushed to every tab and sent to the webhooks. */
export const acknowledgeAlertAction = defineAction({
  permission: "AcknowledgeAlerts",
  operation: "AcknowledgeAlert",
  input: AcknowledgeInput,
  handler: async ({ id }, { user, note }) => {
    const store = alertsStore();
    const acknowledged = await store.acknowledge(id, user.username);
    if (acknowledged) {
      note({ target: `alert:${id}` });
      return acknowledged;
    }
    const alert = await store.alert(id);
    if (!alert) throw notFound("alert");
    throw new ActionError(
      "ConflictException",
      alert.state === "resolved"
        ? "This alert has already resolved."
        : `Already acknowledged by ${alert.acknowledgedBy ?? "someone"}.`,
    );
  },
  after: (result) => {
    if (result.ok) alertEngine().acknowledged(result.data);
  },
});

const webhookAction = { permission: "ManageAlerts", auditInput: recordable } as const;

export const saveWebhookAction = defineAction({
  ...webhookAction,
  operation: (input) => (hasId(input) ? "UpdateAlertWebhook" : "CreateAlertWebhook"),
  input: SaveWebhookInput,
  handler: async (hook, { note }) => {
    // The address policy once more, on what the name resolves to now (it runs again at every delivery).
    const refusal = await webhookTargetProblem(hook.url);
    if (refusal) throw new ActionError("ValidationException", refusal, { url: [refusal] });
    const store = alertsStore();
    const id = await store.saveWebhook(hook);
    const saved = id === undefined ? undefined : (await store.webhooks()).find((candidate) => candidate.id === id);
    if (!saved) throw notFound("webhook");
    note({ target: `alert-webhook:${saved.id}` });
    return saved;
  },
});

export const deleteWebhookAction = defineAction({
  ...webhookAction,
  operation: "DeleteAlertWebhook",
  input: WebhookIdInput,
  handler: async ({ id }, { note }) => {
    if (!(await alertsStore().deleteWebhook(id))) throw notFound("webhook");
    note({ target: `alert-webhook:${id}` });
    return { id };
  },
});
