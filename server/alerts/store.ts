import "server-only";
import type { AlertState, Condition, OpenAlert } from "@/lib/alerts/evaluate";
import type { AlertFilter } from "@/lib/alerts/filter";
import type { AlertTransition, AlertView } from "@/lib/alerts/present";
import { AlertRuleBody, defaultRules, type AlertRule } from "@/lib/alerts/rules";
import type { DeliveryView, WebhookFormat, WebhookView } from "@/lib/alerts/webhook-input";
import type { Selectable } from "kysely";
import { consoleDb, type DbSource } from "@/server/db/database";
import type { AlertAlertsTable } from "@/server/db/tables";
import { runnerOf, type Runner } from "@/server/db/raw";

/**
 * The alerts store, in the console's database: rules (admins edit them), alerts (firing → acknowledged →
 * resolved, at most one open per rule and subject, enforced by a partial unique index), the history of every
 * transition, webhooks (their secrets stay here: nothing in this module returns one except `webhookSecret`,
 * which only the delivery worker calls) and the delivery log.
 */

/** A row of `alert_alerts` as read (server/db/tables.ts). */
type AlertRow = Selectable<AlertAlertsTable>;

function view(row: AlertRow): AlertView {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    kind: row.kind as AlertView["kind"],
    severity: row.severity as AlertView["severity"],
    region: row.region,
    profile: row.profile,
    subject: JSON.parse(row.subject) as AlertView["subject"],
    summary: row.summary,
    evidence: JSON.parse(row.evidence) as AlertView["evidence"],
    state: row.state,
    firedAt: row.fired_at,
    lastSeenAt: row.last_seen_at,
    ...(row.acknowledged_at ? { acknowledgedAt: row.acknowledged_at } : {}),
    ...(row.acknowledged_by ? { acknowledgedBy: row.acknowledged_by } : {}),
    ...(row.resolved_at ? { resolvedAt: row.resolved_at } : {}),
  };
}

export interface StoredWebhook extends WebhookView {
  readonly secret: string;
}

export function createAlertsStore(source: DbSource, now: () => number = Date.now) {
  const open = async (): Promise<Runner> => runnerOf(await source());
  const iso = (ms = now()) => new Date(ms).toISOString();
  const s = {
    meta: "SELECT value FROM alert_meta WHERE key = ?",
    metaSet: "INSERT INTO alert_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key",
    rules: "SELECT id, body, updated_at, updated_by FROM alert_rules ORDER BY id",
    rule: "SELECT id, body, updated_at, updated_by FROM alert_rules WHERE id = ?",
    ruleInsert: "INSERT INTO alert_rules (body, updated_at, updated_by) VALUES (?, ?, ?) RETURNING id",
    ruleUpdate: "UPDATE alert_rules SET body = ?, updated_at = ?, updated_by = ? WHERE id = ?",
    ruleDelete: "DELETE FROM alert_rules WHERE id = ?",
    open: "SELECT id, rule_id, subject_key, clear_since, summary, last_seen_at FROM alert_alerts WHERE state <> 'resolved' AND region = ? AND profile = ?",
    openAll: "SELECT id, rule_id, region, profile FROM alert_alerts WHERE state <> 'resolved'",
    insert: `INSERT INTO alert_alerts (rule_id, rule_name, kind, severity, region, profile, subject_key, subject, summary, evidence, state, fired_at, last_seen_at)
      VALUES (@ruleId, @ruleName, @kind, @severity, @region, @profile, @subjectKey, @subject, @summary, @evidence, 'firing', @at, @at) ON CONFLICT DO NOTHING RETURNING id`,
    hold: "UPDATE alert_alerts SET summary = ?, subject = ?, evidence = ?, last_seen_at = ?, clear_since = NULL WHERE id = ? AND state <> 'resolved'",
    clearing: "UPDATE alert_alerts SET clear_since = ? WHERE id = ? AND state <> 'resolved' AND clear_since IS NULL",
    resolve: "UPDATE alert_alerts SET state = 'resolved', resolved_at = ? WHERE id = ? AND state <> 'resolved'",
    acknowledge:
      "UPDATE alert_alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND state = 'firing'",
    get: "SELECT * FROM alert_alerts WHERE id = ?",
    history: "INSERT INTO alert_history (alert_id, at, transition, actor, detail) VALUES (?, ?, ?, ?, ?)",
    historyOf: "SELECT at, transition, actor, detail FROM alert_history WHERE alert_id = ? ORDER BY id",
    counts:
      "SELECT state, severity, count(*) AS n FROM alert_alerts WHERE state <> 'resolved' GROUP BY state, severity",
    webhooks: "SELECT id, name, url, format, secret, enabled, updated_at FROM alert_webhooks ORDER BY id",
    webhook: "SELECT id, name, url, format, secret, enabled, updated_at FROM alert_webhooks WHERE id = ?",
    webhookInsert:
      "INSERT INTO alert_webhooks (name, url, format, secret, enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    webhookUpdate:
      "UPDATE alert_webhooks SET name = ?, url = ?, format = ?, secret = coalesce(?, secret), enabled = ?, updated_at = ? WHERE id = ?",
    webhookDelete: "DELETE FROM alert_webhooks WHERE id = ?",
    delivery: `INSERT INTO alert_deliveries (webhook_id, alert_id, transition, attempt, outcome, http_status, error, duration_ms, at)
      VALUES (@webhookId, @alertId, @transition, @attempt, @outcome, @httpStatus, @error, @durationMs, @at)`,
    deliveries: `SELECT d.*, coalesce(w.name, '(deleted)') AS webhook_name FROM alert_deliveries d LEFT JOIN alert_webhooks w ON w.id = d.webhook_id
      ORDER BY d.id DESC LIMIT ?`,
    trimDeliveries:
      "DELETE FROM alert_deliveries WHERE id < (SELECT coalesce(max(id), 0) - 5000 FROM alert_deliveries)",
  };

  const parseRule = (row: {
    id: number;
    body: string;
    updated_at: string;
    updated_by: string | null;
  }): AlertRule | undefined => {
    const parsed = AlertRuleBody.safeParse(JSON.parse(row.body));
    return parsed.success
      ? { id: row.id, body: parsed.data, updatedAt: row.updated_at, updatedBy: row.updated_by }
      : undefined;
  };

  const webhookView = (row: {
    id: number;
    name: string;
    url: string;
    format: WebhookFormat;
    secret: string;
    enabled: number;
    updated_at: string;
  }): StoredWebhook => ({
    id: row.id,
    name: row.name,
    url: row.url,
    format: row.format,
    enabled: row.enabled === 1,
    hasSecret: row.secret.length > 0,
    updatedAt: row.updated_at,
    secret: row.secret,
  });

  const store = {
    /** Installs the default rules once (a console whose admin deleted them does not get them back). */
    async seedDefaults(): Promise<number> {
      return (await open()).transaction(async (r) => {
        // Claimed by inserting the mark: of instances starting together, one installs the rules.
        if ((await r.get(s.metaSet, ["defaults", iso()])) === undefined) return 0;
        for (const body of defaultRules) await r.run(s.ruleInsert, [JSON.stringify(body), iso(), null]);
        return defaultRules.length;
      });
    },

    async rules(): Promise<AlertRule[]> {
      const r = await open();
      return (
        (await r.all(s.rules)) as { id: number; body: string; updated_at: string; updated_by: string | null }[]
      ).flatMap((row) => parseRule(row) ?? []);
    },

    async rule(id: number): Promise<AlertRule | undefined> {
      const r = await open();
      const row = (await r.get(s.rule, [id])) as
        { id: number; body: string; updated_at: string; updated_by: string | null } | undefined;
      return row ? parseRule(row) : undefined;
    },

    async saveRule(id: number | undefined, body: AlertRuleBody, by: string): Promise<AlertRule | undefined> {
      const r = await open();
      if (id === undefined) {
        const inserted = await r.get<{ id: number }>(s.ruleInsert, [JSON.stringify(body), iso(), by]);
        return inserted && store.rule(Number(inserted.id));
      }
      if ((await r.run(s.ruleUpdate, [JSON.stringify(body), iso(), by, id])) === 0) return undefined;
      return store.rule(id);
    },

    async deleteRule(id: number): Promise<boolean> {
      const r = await open();
      return (await r.run(s.ruleDelete, [id])) > 0;
    },

    async openAlerts(scope: { region: string; profile: string }): Promise<OpenAlert[]> {
      const r = await open();
      return (
        (await r.all(s.open, [scope.region, scope.profile])) as {
          id: number;
          rule_id: number;
          subject_key: string;
          clear_since: number | null;
          summary: string;
          last_seen_at: string | null;
        }[]
      ).map((row) => ({
        id: row.id,
        ruleId: row.rule_id,
        subjectKey: row.subject_key,
        clearSince: row.clear_since ?? undefined,
        summary: row.summary,
        lastSeenAt: row.last_seen_at ? Date.parse(row.last_seen_at) : undefined,
      }));
    },

    /** Applies one evaluation's transitions in one transaction; returns the alerts that fired or resolved. */
    async apply(
      scope: { region: string; profile: string },
      rules: ReadonlyMap<number, AlertRule>,
      t: {
        fire: readonly Condition[];
        hold: readonly { id: number; condition: Condition }[];
        clearing: readonly number[];
        resolve: readonly number[];
      },
      at: number,
    ): Promise<{ alert: AlertView; transition: AlertTransition }[]> {
      return (await open()).transaction(async (r) => {
        const changed: { alert: AlertView; transition: AlertTransition }[] = [];
        for (const condition of t.fire) {
          const rule = rules.get(condition.ruleId);
          if (!rule) continue;
          const inserted = await r.get<{ id: number }>(s.insert, {
            ruleId: rule.id,
            ruleName: rule.body.name,
            kind: rule.body.kind,
            severity: rule.body.severity,
            region: scope.region,
            profile: scope.profile,
            subjectKey: condition.subjectKey,
            subject: JSON.stringify(condition.subject),
            summary: condition.summary,
            evidence: JSON.stringify(condition.evidence),
            at: iso(at),
          });
          // Another evaluation (another instance) opened this alert meanwhile: the partial unique index said no.
          if (!inserted) continue;
          const id = Number(inserted.id);
          await r.run(s.history, [id, iso(at), "fired", null, condition.summary]);
          changed.push({ alert: view((await r.get(s.get, [id])) as AlertRow), transition: "fired" });
        }
        for (const { id, condition } of t.hold)
          await r.run(s.hold, [
            condition.summary,
            JSON.stringify(condition.subject),
            JSON.stringify(condition.evidence),
            iso(at),
            id,
          ]);
        for (const id of t.clearing)
          if ((await r.run(s.clearing, [at, id])) > 0) await r.run(s.history, [id, iso(at), "clearing", null, null]);
        for (const id of t.resolve) {
          if ((await r.run(s.resolve, [iso(at), id])) === 0) continue;
          await r.run(s.history, [id, iso(at), "resolved", null, null]);
          changed.push({ alert: view((await r.get(s.get, [id])) as AlertRow), transition: "resolved" });
        }
        return changed;
      });
    },

    /** Firing → acknowledged, by whom and when. Undefined when the alert is not firing (already acknowledged or resolved). */
    async acknowledge(id: number, by: string): Promise<AlertView | undefined> {
      return (await open()).transaction(async (r) => {
        if ((await r.run(s.acknowledge, [iso(), by, id])) === 0) return undefined;
        await r.run(s.history, [id, iso(), "acknowledged", by, null]);
        return view((await r.get(s.get, [id])) as AlertRow);
      });
    },

    async alert(id: number): Promise<AlertView | undefined> {
      const r = await open();
      const row = (await r.get(s.get, [id])) as AlertRow | undefined;
      return row ? view(row) : undefined;
    },

    async history(
      id: number,
    ): Promise<{ at: string; transition: string; actor: string | null; detail: string | null }[]> {
      const r = await open();
      return (await r.all(s.historyOf, [id])) as {
        at: string;
        transition: string;
        actor: string | null;
        detail: string | null;
      }[];
    },

    /** Newest first. */
    async alerts(filter: AlertFilter = {}): Promise<AlertView[]> {
      const r = await open();
      const where: string[] = [];
      const params: Record<string, string | number> = {};
      if (filter.state === "open") where.push("state <> 'resolved'");
      else if (filter.state) {
        where.push("state = @state");
        params.state = filter.state;
      }
      if (filter.severity) {
        where.push("severity = @severity");
        params.severity = filter.severity;
      }
      if (filter.ruleId) {
        where.push("rule_id = @ruleId");
        params.ruleId = filter.ruleId;
      }
      const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 200)), 1000);
      const sql = `SELECT * FROM alert_alerts ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ${limit}`;
      // No named parameter in the text (no filter, or only "open"): none may be passed.
      return (await r.all<AlertRow>(sql, Object.keys(params).length > 0 ? params : undefined)).map(view);
    },

    /** Open alerts per state and severity (the shell's badge). */
    async counts(): Promise<{ firing: number; acknowledged: number; critical: number }> {
      const r = await open();
      let firing = 0;
      let acknowledged = 0;
      let critical = 0;
      for (const row of (await r.all(s.counts)) as { state: AlertState; severity: string; n: number }[]) {
        if (row.state === "firing") {
          firing += row.n;
          if (row.severity === "critical") critical += row.n;
        } else if (row.state === "acknowledged") acknowledged += row.n;
      }
      return { firing, acknowledged, critical };
    },

    /** Webhooks without their secrets (what pages and the browser may see). */
    async webhooks(): Promise<WebhookView[]> {
      const r = await open();
      return ((await r.all(s.webhooks)) as Parameters<typeof webhookView>[0][]).map((row) => {
        const { secret: _secret, ...rest } = webhookView(row);
        void _secret;
        return rest;
      });
    },

    /** Enabled webhooks with their secrets: for the delivery worker only. */
    async webhooksForDelivery(): Promise<StoredWebhook[]> {
      const r = await open();
      return ((await r.all(s.webhooks)) as Parameters<typeof webhookView>[0][])
        .map(webhookView)
        .filter((hook) => hook.enabled);
    },

    async webhookExists(id: number): Promise<boolean> {
      const r = await open();
      return (await r.get(s.webhook, [id])) !== undefined;
    },

    async saveWebhook(input: {
      id?: number | undefined;
      name: string;
      url: string;
      format: WebhookFormat;
      secret?: string | undefined;
      enabled: boolean;
    }): Promise<number | undefined> {
      const r = await open();
      const secret = input.secret && input.secret.length > 0 ? input.secret : null;
      if (input.id === undefined) {
        if (!secret) return undefined;
        const inserted = await r.get<{ id: number }>(s.webhookInsert, [
          input.name,
          input.url,
          input.format,
          secret,
          input.enabled ? 1 : 0,
          iso(),
        ]);
        return inserted && Number(inserted.id);
      }
      return (await r.run(s.webhookUpdate, [
        input.name,
        input.url,
        input.format,
        secret,
        input.enabled ? 1 : 0,
        iso(),
        input.id,
      ])) > 0
        ? input.id
        : undefined;
    },

    async deleteWebhook(id: number): Promise<boolean> {
      const r = await open();
      return (await r.run(s.webhookDelete, [id])) > 0;
    },

    async recordDelivery(entry: {
      webhookId: number;
      alertId: number;
      transition: string;
      attempt: number;
      outcome: DeliveryView["outcome"];
      httpStatus?: number | undefined;
      error?: string | undefined;
      durationMs: number;
    }): Promise<void> {
      const r = await open();
      await r.run(s.delivery, {
        ...entry,
        httpStatus: entry.httpStatus ?? null,
        error: entry.error ?? null,
        durationMs: Math.round(entry.durationMs),
        at: iso(),
      });
      await r.run(s.trimDeliveries);
    },

    async deliveries(limit = 100): Promise<DeliveryView[]> {
      const r = await open();
      return (
        (await r.all(s.deliveries, [Math.min(Math.max(1, limit), 1000)])) as {
          id: number;
          webhook_id: number;
          webhook_name: string;
          alert_id: number;
          transition: string;
          attempt: number;
          outcome: DeliveryView["outcome"];
          http_status: number | null;
          error: string | null;
          duration_ms: number;
          at: string;
        }[]
      ).map((row) => ({
        id: row.id,
        webhookId: row.webhook_id,
        webhookName: row.webhook_name,
        alertId: row.alert_id,
        transition: row.transition,
        attempt: row.attempt,
        outcome: row.outcome,
        httpStatus: row.http_status,
        error: row.error,
        durationMs: row.duration_ms,
        at: row.at,
      }));
    },
  };
  return store;
}

export type AlertsStore = ReturnType<typeof createAlertsStore>;

const globalKey = Symbol.for("ivs-control-room.alerts-store");
type WithStore = typeof globalThis & { [globalKey]?: AlertsStore };

/** The process-wide alerts store over the console's database (default rules installed before its first use). */
export function alertsStore(): AlertsStore {
  const holder = globalThis as WithStore;
  if (!holder[globalKey]) {
    let seeded: Promise<number> | undefined;
    holder[globalKey] = createAlertsStore(async () => {
      const handle = await consoleDb();
      seeded ??= createAlertsStore(async () => handle).seedDefaults();
      await seeded;
      return handle;
    });
  }
  return holder[globalKey];
}
