import "server-only";
import type Database from "better-sqlite3";
import type { AlertState, Condition, OpenAlert } from "@/lib/alerts/evaluate";
import type { AlertFilter } from "@/lib/alerts/filter";
import type { AlertTransition, AlertView } from "@/lib/alerts/present";
import { AlertRuleBody, defaultRules, type AlertRule } from "@/lib/alerts/rules";
import type { DeliveryView, WebhookFormat, WebhookView } from "@/lib/alerts/webhook-input";
import { ensureSchema } from "@/server/db/database";

type Db = Database.Database;

/**
 * The alerts store, in the console's database: rules (admins edit them), alerts (firing → acknowledged →
 * resolved, at most one open per rule and subject, enforced by a partial unique index), the history of every
 * transition, webhooks (their secrets stay here: nothing in this module returns one except `webhookSecret`,
 * which only the delivery worker calls) and the delivery log.
 */
export const alertsSchemaSql = `
CREATE TABLE IF NOT EXISTS alert_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alert_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT
);
CREATE TABLE IF NOT EXISTS alert_alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT, rule_id INTEGER NOT NULL, rule_name TEXT NOT NULL, kind TEXT NOT NULL,
  severity TEXT NOT NULL, region TEXT NOT NULL, profile TEXT NOT NULL, subject_key TEXT NOT NULL, subject TEXT NOT NULL,
  summary TEXT NOT NULL, evidence TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('firing', 'acknowledged', 'resolved')),
  fired_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, clear_since INTEGER,
  acknowledged_at TEXT, acknowledged_by TEXT, resolved_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS alert_alerts_open ON alert_alerts (rule_id, region, profile, subject_key) WHERE state <> 'resolved';
CREATE INDEX IF NOT EXISTS alert_alerts_state ON alert_alerts (state, id);
CREATE TABLE IF NOT EXISTS alert_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id INTEGER NOT NULL, at TEXT NOT NULL, transition TEXT NOT NULL, actor TEXT, detail TEXT
);
CREATE INDEX IF NOT EXISTS alert_history_alert ON alert_history (alert_id, id);
CREATE TABLE IF NOT EXISTS alert_webhooks (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, url TEXT NOT NULL, format TEXT NOT NULL CHECK (format IN ('json', 'slack')),
  secret TEXT NOT NULL, enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)), updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, webhook_id INTEGER NOT NULL, alert_id INTEGER NOT NULL, transition TEXT NOT NULL,
  attempt INTEGER NOT NULL, outcome TEXT NOT NULL, http_status INTEGER, error TEXT, duration_ms INTEGER NOT NULL, at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_deliveries_at ON alert_deliveries (id);
`;

interface AlertRow {
  id: number;
  rule_id: number;
  rule_name: string;
  kind: string;
  severity: string;
  region: string;
  profile: string;
  subject_key: string;
  subject: string;
  summary: string;
  evidence: string;
  state: AlertState;
  fired_at: string;
  last_seen_at: string;
  clear_since: number | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
}

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

export function createAlertsStore(db: Db, now: () => number = Date.now) {
  db.exec(alertsSchemaSql);
  const iso = (ms = now()) => new Date(ms).toISOString();
  const s = {
    meta: db.prepare("SELECT value FROM alert_meta WHERE key = ?"),
    metaSet: db.prepare(
      "INSERT INTO alert_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ),
    rules: db.prepare("SELECT id, body, updated_at, updated_by FROM alert_rules ORDER BY id"),
    rule: db.prepare("SELECT id, body, updated_at, updated_by FROM alert_rules WHERE id = ?"),
    ruleInsert: db.prepare("INSERT INTO alert_rules (body, updated_at, updated_by) VALUES (?, ?, ?)"),
    ruleUpdate: db.prepare("UPDATE alert_rules SET body = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
    ruleDelete: db.prepare("DELETE FROM alert_rules WHERE id = ?"),
    open: db.prepare(
      "SELECT id, rule_id, subject_key, clear_since FROM alert_alerts WHERE state <> 'resolved' AND region = ? AND profile = ?",
    ),
    openAll: db.prepare("SELECT id, rule_id, region, profile FROM alert_alerts WHERE state <> 'resolved'"),
    insert:
      db.prepare(`INSERT INTO alert_alerts (rule_id, rule_name, kind, severity, region, profile, subject_key, subject, summary, evidence, state, fired_at, last_seen_at)
      VALUES (@ruleId, @ruleName, @kind, @severity, @region, @profile, @subjectKey, @subject, @summary, @evidence, 'firing', @at, @at) ON CONFLICT DO NOTHING`),
    hold: db.prepare(
      "UPDATE alert_alerts SET summary = ?, subject = ?, evidence = ?, last_seen_at = ?, clear_since = NULL WHERE id = ? AND state <> 'resolved'",
    ),
    clearing: db.prepare(
      "UPDATE alert_alerts SET clear_since = ? WHERE id = ? AND state <> 'resolved' AND clear_since IS NULL",
    ),
    resolve: db.prepare(
      "UPDATE alert_alerts SET state = 'resolved', resolved_at = ? WHERE id = ? AND state <> 'resolved'",
    ),
    acknowledge: db.prepare(
      "UPDATE alert_alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND state = 'firing'",
    ),
    get: db.prepare("SELECT * FROM alert_alerts WHERE id = ?"),
    history: db.prepare("INSERT INTO alert_history (alert_id, at, transition, actor, detail) VALUES (?, ?, ?, ?, ?)"),
    historyOf: db.prepare("SELECT at, transition, actor, detail FROM alert_history WHERE alert_id = ? ORDER BY id"),
    counts: db.prepare(
      "SELECT state, severity, count(*) AS n FROM alert_alerts WHERE state <> 'resolved' GROUP BY state, severity",
    ),
    webhooks: db.prepare("SELECT id, name, url, format, secret, enabled, updated_at FROM alert_webhooks ORDER BY id"),
    webhook: db.prepare("SELECT id, name, url, format, secret, enabled, updated_at FROM alert_webhooks WHERE id = ?"),
    webhookInsert: db.prepare(
      "INSERT INTO alert_webhooks (name, url, format, secret, enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    webhookUpdate: db.prepare(
      "UPDATE alert_webhooks SET name = ?, url = ?, format = ?, secret = coalesce(?, secret), enabled = ?, updated_at = ? WHERE id = ?",
    ),
    webhookDelete: db.prepare("DELETE FROM alert_webhooks WHERE id = ?"),
    delivery:
      db.prepare(`INSERT INTO alert_deliveries (webhook_id, alert_id, transition, attempt, outcome, http_status, error, duration_ms, at)
      VALUES (@webhookId, @alertId, @transition, @attempt, @outcome, @httpStatus, @error, @durationMs, @at)`),
    deliveries:
      db.prepare(`SELECT d.*, coalesce(w.name, '(deleted)') AS webhook_name FROM alert_deliveries d LEFT JOIN alert_webhooks w ON w.id = d.webhook_id
      ORDER BY d.id DESC LIMIT ?`),
    trimDeliveries: db.prepare(
      "DELETE FROM alert_deliveries WHERE id < (SELECT coalesce(max(id), 0) - 5000 FROM alert_deliveries)",
    ),
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
    seedDefaults: db.transaction((): number => {
      if (s.meta.get("defaults") !== undefined) return 0;
      for (const body of defaultRules) s.ruleInsert.run(JSON.stringify(body), iso(), null);
      s.metaSet.run("defaults", iso());
      return defaultRules.length;
    }),

    rules(): AlertRule[] {
      return (s.rules.all() as { id: number; body: string; updated_at: string; updated_by: string | null }[]).flatMap(
        (row) => parseRule(row) ?? [],
      );
    },

    rule(id: number): AlertRule | undefined {
      const row = s.rule.get(id) as
        { id: number; body: string; updated_at: string; updated_by: string | null } | undefined;
      return row ? parseRule(row) : undefined;
    },

    saveRule(id: number | undefined, body: AlertRuleBody, by: string): AlertRule | undefined {
      if (id === undefined) {
        const info = s.ruleInsert.run(JSON.stringify(body), iso(), by);
        return store.rule(Number(info.lastInsertRowid));
      }
      if (s.ruleUpdate.run(JSON.stringify(body), iso(), by, id).changes === 0) return undefined;
      return store.rule(id);
    },

    deleteRule(id: number): boolean {
      return s.ruleDelete.run(id).changes > 0;
    },

    openAlerts(scope: { region: string; profile: string }): OpenAlert[] {
      return (
        s.open.all(scope.region, scope.profile) as {
          id: number;
          rule_id: number;
          subject_key: string;
          clear_since: number | null;
        }[]
      ).map((row) => ({
        id: row.id,
        ruleId: row.rule_id,
        subjectKey: row.subject_key,
        clearSince: row.clear_since ?? undefined,
      }));
    },

    /** Applies one evaluation's transitions in one transaction; returns the alerts that fired or resolved. */
    apply: db.transaction(
      (
        scope: { region: string; profile: string },
        rules: ReadonlyMap<number, AlertRule>,
        t: {
          fire: readonly Condition[];
          hold: readonly { id: number; condition: Condition }[];
          clearing: readonly number[];
          resolve: readonly number[];
        },
        at: number,
      ) => {
        const changed: { alert: AlertView; transition: AlertTransition }[] = [];
        for (const condition of t.fire) {
          const rule = rules.get(condition.ruleId);
          if (!rule) continue;
          const info = s.insert.run({
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
          if (info.changes === 0) continue;
          const id = Number(info.lastInsertRowid);
          s.history.run(id, iso(at), "fired", null, condition.summary);
          changed.push({ alert: view(s.get.get(id) as AlertRow), transition: "fired" });
        }
        for (const { id, condition } of t.hold)
          s.hold.run(
            condition.summary,
            JSON.stringify(condition.subject),
            JSON.stringify(condition.evidence),
            iso(at),
            id,
          );
        for (const id of t.clearing)
          if (s.clearing.run(at, id).changes > 0) s.history.run(id, iso(at), "clearing", null, null);
        for (const id of t.resolve) {
          if (s.resolve.run(iso(at), id).changes === 0) continue;
          s.history.run(id, iso(at), "resolved", null, null);
          changed.push({ alert: view(s.get.get(id) as AlertRow), transition: "resolved" });
        }
        return changed;
      },
    ),

    /** Firing → acknowledged, by whom and when. Undefined when the alert is not firing (already acknowledged or resolved). */
    acknowledge(id: number, by: string): AlertView | undefined {
      return db.transaction(() => {
        if (s.acknowledge.run(iso(), by, id).changes === 0) return undefined;
        s.history.run(id, iso(), "acknowledged", by, null);
        return view(s.get.get(id) as AlertRow);
      })();
    },

    alert(id: number): AlertView | undefined {
      const row = s.get.get(id) as AlertRow | undefined;
      return row ? view(row) : undefined;
    },

    history(id: number): { at: string; transition: string; actor: string | null; detail: string | null }[] {
      return s.historyOf.all(id) as { at: string; transition: string; actor: string | null; detail: string | null }[];
    },

    /** Newest first. */
    alerts(filter: AlertFilter = {}): AlertView[] {
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
      return (db.prepare(sql).all(params) as AlertRow[]).map(view);
    },

    /** Open alerts per state and severity (the shell's badge). */
    counts(): { firing: number; acknowledged: number; critical: number } {
      let firing = 0;
      let acknowledged = 0;
      let critical = 0;
      for (const row of s.counts.all() as { state: AlertState; severity: string; n: number }[]) {
        if (row.state === "firing") {
          firing += row.n;
          if (row.severity === "critical") critical += row.n;
        } else if (row.state === "acknowledged") acknowledged += row.n;
      }
      return { firing, acknowledged, critical };
    },

    /** Webhooks without their secrets (what pages and the browser may see). */
    webhooks(): WebhookView[] {
      return (s.webhooks.all() as Parameters<typeof webhookView>[0][]).map((row) => {
        const { secret: _secret, ...rest } = webhookView(row);
        void _secret;
        return rest;
      });
    },

    /** Enabled webhooks with their secrets: for the delivery worker only. */
    webhooksForDelivery(): StoredWebhook[] {
      return (s.webhooks.all() as Parameters<typeof webhookView>[0][]).map(webhookView).filter((hook) => hook.enabled);
    },

    webhookExists(id: number): boolean {
      return s.webhook.get(id) !== undefined;
    },

    saveWebhook(input: {
      id?: number | undefined;
      name: string;
      url: string;
      format: WebhookFormat;
      secret?: string | undefined;
      enabled: boolean;
    }): number | undefined {
      const secret = input.secret && input.secret.length > 0 ? input.secret : null;
      if (input.id === undefined) {
        if (!secret) return undefined;
        return Number(
          s.webhookInsert.run(input.name, input.url, input.format, secret, input.enabled ? 1 : 0, iso())
            .lastInsertRowid,
        );
      }
      return s.webhookUpdate.run(input.name, input.url, input.format, secret, input.enabled ? 1 : 0, iso(), input.id)
        .changes > 0
        ? input.id
        : undefined;
    },

    deleteWebhook(id: number): boolean {
      return s.webhookDelete.run(id).changes > 0;
    },

    recordDelivery(entry: {
      webhookId: number;
      alertId: number;
      transition: string;
      attempt: number;
      outcome: DeliveryView["outcome"];
      httpStatus?: number | undefined;
      error?: string | undefined;
      durationMs: number;
    }): void {
      s.delivery.run({
        ...entry,
        httpStatus: entry.httpStatus ?? null,
        error: entry.error ?? null,
        durationMs: Math.round(entry.durationMs),
        at: iso(),
      });
      s.trimDeliveries.run();
    },

    deliveries(limit = 100): DeliveryView[] {
      return (
        s.deliveries.all(Math.min(Math.max(1, limit), 1000)) as {
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

/** The process-wide alerts store over the console's database (default rules installed on first use). */
export function alertsStore(): AlertsStore {
  const holder = globalThis as WithStore;
  if (!holder[globalKey]) {
    const store = createAlertsStore(ensureSchema("alerts", alertsSchemaSql));
    store.seedDefaults();
    holder[globalKey] = store;
  }
  return holder[globalKey];
}
