import type { Generated } from "kysely";

/**
 * The console database's tables, one typed schema for SQLite and PostgreSQL (Kysely). Booleans are stored as
 * 0/1 integers and times as epoch milliseconds (integers) or canonical ISO strings on both engines, so rows read
 * the same whichever engine answers. Migrations in `migrations/` create them; this file only describes them.
 */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: "viewer" | "operator" | "admin";
  disabled: Generated<0 | 1>;
  created_at: number;
  updated_at: number;
  password_changed_at: number;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
}

export interface SignInFailuresTable {
  key: string;
  at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string | null;
  role: string | null;
  kind: "mutation" | "reveal" | "user" | "auth";
  operation: string;
  target: string | null;
  region: string | null;
  account: string | null;
  input: string | null;
  outcome: "success" | "failure" | "denied" | "invalid";
  error_code: string | null;
  request_id: string | null;
  ip: string | null;
}

export interface LayoutPresetsTable {
  name: string;
  layout: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface ObsStagesTable {
  region: string;
  profile: string;
  arn: string;
  name: string | null;
  active_session_id: string | null;
  data: string;
  listed_at: number;
  gone_at: number | null;
}

export interface ObsSessionsTable {
  region: string;
  profile: string;
  stage_arn: string;
  session_id: string;
  start_time: string | null;
  end_time: string | null;
  known_at: number;
  listed_at: number | null;
  /** 0 none, 1 backfill, 2 urgent. */
  sweep_wanted: Generated<number>;
  wanted_at: number | null;
  detail_read_at: number | null;
}

export interface ObsParticipantsTable {
  region: string;
  profile: string;
  stage_arn: string;
  session_id: string;
  participant_id: string;
  user_id: Generated<string>;
  state: string | null;
  first_join_time: string | null;
  summary: string;
  detail: string | null;
  changed_at: number;
  events_read_at: number | null;
  events_wanted: Generated<number>;
  detail_wanted: Generated<number>;
}

export interface ObsEventsTable {
  region: string;
  profile: string;
  stage_arn: string;
  session_id: string;
  participant_id: string;
  event_key: string;
  ord: number;
  event_time: string | null;
  name: string | null;
  error_code: string | null;
  data: string;
}

export interface ObsPushedTable {
  id: string;
  region: string;
  detail_type: string;
  event_name: string;
  resource: string;
  stage_arn: string | null;
  session_id: string | null;
  participant_id: string | null;
  event_time: string;
  received_at: number;
  data: string;
}

export interface ObsMetricPointsTable {
  region: string;
  profile: string;
  stage_arn: string;
  participant_id: string;
  series: string;
  t: number;
  value: number;
}

export interface ObsMetricReadsTable {
  region: string;
  profile: string;
  stage_arn: string;
  session_id: string;
  read_from: number;
  read_until: number;
  read_at: number;
  done: Generated<number>;
}

export interface AlertMetaTable {
  key: string;
  value: string;
}

export interface AlertRulesTable {
  id: Generated<number>;
  body: string;
  updated_at: string;
  updated_by: string | null;
}

export interface AlertAlertsTable {
  id: Generated<number>;
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
  state: "firing" | "acknowledged" | "resolved";
  fired_at: string;
  last_seen_at: string;
  clear_since: number | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
}

export interface AlertHistoryTable {
  id: Generated<number>;
  alert_id: number;
  at: string;
  transition: string;
  actor: string | null;
  detail: string | null;
}

export interface AlertWebhooksTable {
  id: Generated<number>;
  name: string;
  url: string;
  format: "json" | "slack";
  secret: string;
  enabled: 0 | 1;
  updated_at: string;
}

export interface AlertDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  alert_id: number;
  transition: string;
  attempt: number;
  outcome: string;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
  at: string;
}

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  audit_log: AuditLogTable;
  layout_presets: LayoutPresetsTable;
  obs_stages: ObsStagesTable;
  obs_sessions: ObsSessionsTable;
  obs_participants: ObsParticipantsTable;
  obs_events: ObsEventsTable;
  obs_pushed: ObsPushedTable;
  obs_metric_points: ObsMetricPointsTable;
  obs_metric_reads: ObsMetricReadsTable;
  alert_meta: AlertMetaTable;
  alert_rules: AlertRulesTable;
  alert_alerts: AlertAlertsTable;
  alert_history: AlertHistoryTable;
  alert_webhooks: AlertWebhooksTable;
  alert_deliveries: AlertDeliveriesTable;
}
