"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { deleteAlertRuleAction, saveAlertRuleAction, setAlertRuleEnabledAction } from "@/app/actions/alerts";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import { SimpleTable } from "@/components/ui/simple-table";
import {
  alertKindLabels,
  alertKinds,
  describeScope,
  parseTagScope,
  qualityMetricLabels,
  qualityMetrics,
  severities,
  type AlertKind,
  type AlertRule,
  type AlertRuleBody,
  type AlertScope,
  type QualityMetric,
} from "@/lib/alerts/rules";
import type { ErrorInfo } from "@/lib/result";

interface Draft {
  name: string;
  kind: AlertKind;
  severity: AlertRuleBody["severity"];
  enabled: boolean;
  scopeKind: AlertScope["kind"];
  tag: string;
  names: string;
  holdDownSeconds: string;
  windowSeconds: string;
  threshold: string;
  codes: string;
  percent: string;
  minConnected: string;
  metric: QualityMetric;
  level: string;
  forSeconds: string;
  per: "participant" | "stage";
  options: string[];
}

const optionsOf: Partial<Record<AlertKind, readonly { value: string; label: string }[]>> = {
  composition: [
    { value: "FAILED", label: "FAILED" },
    { value: "RECONNECTING", label: "RECONNECTING" },
  ],
  recordingFailure: [
    { value: "start", label: "Start failures" },
    { value: "end", label: "End failures" },
  ],
  session: [
    { value: "started", label: "Session started" },
    { value: "ended", label: "Session ended" },
  ],
};

const hasWindow = (kind: AlertKind) => kind !== "composition" && kind !== "connectedDrop" && kind !== "quality";

function draftOf(body?: AlertRuleBody): Draft {
  const d: Draft = {
    name: body?.name ?? "",
    kind: body?.kind ?? "errorRate",
    severity: body?.severity ?? "warning",
    enabled: body?.enabled ?? true,
    scopeKind: body?.scope.kind ?? "all",
    tag: body?.scope.kind === "tag" ? `${body.scope.key}=${body.scope.value}` : "",
    names: body?.scope.kind === "names" ? body.scope.names.join(", ") : "",
    holdDownSeconds: String(body?.holdDownSeconds ?? 30),
    windowSeconds: body && "windowSeconds" in body ? String(body.windowSeconds) : "600",
    threshold: body?.kind === "errorRate" ? String(body.threshold) : "3",
    codes: body?.kind === "errorRate" ? body.codes.join(", ") : "",
    percent: body?.kind === "connectedDrop" ? String(body.percent) : "30",
    minConnected: body?.kind === "connectedDrop" ? String(body.minConnected) : "5",
    metric: body?.kind === "quality" ? body.metric : "loss",
    level: body?.kind === "quality" ? String(body.percent) : "10",
    forSeconds: body?.kind === "quality" ? String(body.forSeconds) : "20",
    per: body?.kind === "quality" ? body.per : "participant",
    options:
      body?.kind === "composition"
        ? [...body.states]
        : body?.kind === "recordingFailure"
          ? [...body.which]
          : body?.kind === "session"
            ? [...body.events]
            : [],
  };
  return d;
}

const num = (text: string): number | undefined => (text.trim() === "" ? undefined : Number(text));
const list = (text: string): string[] =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** The draft as the server's shape (the server validates it; its field messages come back keyed by path). */
function bodyOf(d: Draft): unknown {
  const scope =
    d.scopeKind === "all"
      ? { kind: "all" }
      : d.scopeKind === "tag"
        ? (parseTagScope(d.tag) ?? { kind: "tag", key: "", value: "" })
        : { kind: "names", names: list(d.names) };
  const common = {
    name: d.name,
    kind: d.kind,
    severity: d.severity,
    enabled: d.enabled,
    scope,
    holdDownSeconds: num(d.holdDownSeconds),
  };
  switch (d.kind) {
    case "errorRate":
      return {
        ...common,
        codes: list(d.codes).map((code) => code.toUpperCase()),
        threshold: num(d.threshold),
        windowSeconds: num(d.windowSeconds),
      };
    case "publisherLimit":
      return { ...common, windowSeconds: num(d.windowSeconds) };
    case "composition":
      return { ...common, states: d.options };
    case "recordingFailure":
      return { ...common, which: d.options, windowSeconds: num(d.windowSeconds) };
    case "connectedDrop":
      return { ...common, percent: num(d.percent), minConnected: num(d.minConnected) };
    case "quality":
      return { ...common, metric: d.metric, percent: num(d.level), forSeconds: num(d.forSeconds), per: d.per };
    case "session":
      return { ...common, events: d.options, windowSeconds: num(d.windowSeconds) };
  }
}

function RuleForm({ rule, onDone }: { rule?: AlertRule; onDone: () => void }) {
  const router = useRouter();
  const [d, setD] = useState<Draft>(() => draftOf(rule?.body));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const set = (change: Partial<Draft>) => setD((before) => ({ ...before, ...change }));
  const errorsFor = (path: string): string[] | undefined => {
    const fields = error?.fields ?? {};
    const out = Object.entries(fields)
      .filter(([key]) => key === `rule.${path}` || key.startsWith(`rule.${path}.`))
      .flatMap(([, messages]) => messages);
    return out.length ? out : undefined;
  };
  const options = optionsOf[d.kind];

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await saveAlertRuleAction({ ...(rule ? { id: rule.id } : {}), rule: bodyOf(d) as AlertRuleBody }); // a draft: checked on the server
      if (result.ok) {
        toast.success(rule ? "Rule saved" : "Rule created");
        onDone();
        router.refresh();
      } else setError(result.error);
    } catch {
      setError({ code: "NetworkError", message: "The console's server could not be reached.", retryable: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={rule ? `Edit rule ${rule.body.name}` : "New rule"}
      className="mb-6 rounded border border-room-700 bg-room-900 p-4"
    >
      {error && !error.fields ? <ErrorPanel title="The rule was not saved" error={error} /> : null}
      {error?.fields ? (
        <p role="alert" className="mb-3 text-sm text-live">
          The rule was not saved: fix the fields marked below.
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-x-4 md:grid-cols-3">
        <Field label="Name" errors={errorsFor("name")}>
          {(props) => <TextInput {...props} value={d.name} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label="Kind">
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={d.kind}
              onChange={(e) => set({ kind: e.target.value as AlertKind, options: [] })}
            >
              {alertKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {alertKindLabels[kind]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Severity" errors={errorsFor("severity")}>
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={d.severity}
              onChange={(e) => set({ severity: e.target.value as Draft["severity"] })}
            >
              {severities.map((severity) => (
                <option key={severity} value={severity}>
                  {severity}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Scope">
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={d.scopeKind}
              onChange={(e) => set({ scopeKind: e.target.value as Draft["scopeKind"] })}
            >
              <option value="all">All stages</option>
              <option value="tag">Stages with a tag</option>
              <option value="names">Stages by name</option>
            </select>
          )}
        </Field>
        {d.scopeKind === "tag" ? (
          <Field label="Tag" hint="key=value, e.g. show=finals" errors={errorsFor("scope")}>
            {(props) => (
              <TextInput
                {...props}
                value={d.tag}
                onChange={(e) => set({ tag: e.target.value })}
                placeholder="show=finals"
              />
            )}
          </Field>
        ) : null}
        {d.scopeKind === "names" ? (
          <Field label="Stage names" hint="Comma-separated" errors={errorsFor("scope")}>
            {(props) => (
              <TextInput
                {...props}
                value={d.names}
                onChange={(e) => set({ names: e.target.value })}
                placeholder="esports-finals, town-hall"
              />
            )}
          </Field>
        ) : null}
        <Field
          label="Hold-down (seconds)"
          hint="How long a cleared condition must stay clear before the alert resolves"
          errors={errorsFor("holdDownSeconds")}
        >
          {(props) => (
            <TextInput
              {...props}
              inputMode="numeric"
              value={d.holdDownSeconds}
              onChange={(e) => set({ holdDownSeconds: e.target.value })}
            />
          )}
        </Field>
        {hasWindow(d.kind) ? (
          <Field label="Window (seconds)" errors={errorsFor("windowSeconds")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="numeric"
                value={d.windowSeconds}
                onChange={(e) => set({ windowSeconds: e.target.value })}
              />
            )}
          </Field>
        ) : null}
        {d.kind === "errorRate" ? (
          <>
            <Field label="Threshold (errors in the window)" errors={errorsFor("threshold")}>
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  value={d.threshold}
                  onChange={(e) => set({ threshold: e.target.value })}
                />
              )}
            </Field>
            <Field label="Error codes" hint="Comma-separated; empty = any code" errors={errorsFor("codes")}>
              {(props) => (
                <TextInput
                  {...props}
                  value={d.codes}
                  onChange={(e) => set({ codes: e.target.value })}
                  placeholder="BITRATE_EXCEEDED, QUOTA_EXCEEDED"
                />
              )}
            </Field>
          </>
        ) : null}
        {d.kind === "quality" ? (
          <>
            <Field label="Metric" errors={errorsFor("metric")}>
              {(props) => (
                <select
                  {...props}
                  className={inputClass}
                  value={d.metric}
                  onChange={(e) => set({ metric: e.target.value as QualityMetric })}
                >
                  {qualityMetrics.map((metric) => (
                    <option key={metric} value={metric}>
                      {qualityMetricLabels[metric]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Above (%)" errors={errorsFor("percent")}>
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="decimal"
                  value={d.level}
                  onChange={(e) => set({ level: e.target.value })}
                />
              )}
            </Field>
            <Field label="For at least (seconds)" hint="Values are 5 s apart" errors={errorsFor("forSeconds")}>
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  value={d.forSeconds}
                  onChange={(e) => set({ forSeconds: e.target.value })}
                />
              )}
            </Field>
            <Field label="Watch" errors={errorsFor("per")}>
              {(props) => (
                <select
                  {...props}
                  className={inputClass}
                  value={d.per}
                  onChange={(e) => set({ per: e.target.value as Draft["per"] })}
                >
                  <option value="participant">Each participant</option>
                  <option value="stage">The stage as a whole</option>
                </select>
              )}
            </Field>
          </>
        ) : null}
        {d.kind === "connectedDrop" ? (
          <>
            <Field label="Drop (%) within one minute" errors={errorsFor("percent")}>
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="decimal"
                  value={d.percent}
                  onChange={(e) => set({ percent: e.target.value })}
                />
              )}
            </Field>
            <Field label="Only stages with at least (connected)" errors={errorsFor("minConnected")}>
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  value={d.minConnected}
                  onChange={(e) => set({ minConnected: e.target.value })}
                />
              )}
            </Field>
          </>
        ) : null}
      </div>
      {options ? (
        <fieldset className="mb-3">
          <legend className="mb-1 text-xs font-medium text-room-300">Alert on</legend>
          <div className="flex gap-4">
            {options.map((option) => (
              <label key={option.value} className="flex items-center gap-1.5 text-sm text-room-100">
                <input
                  type="checkbox"
                  checked={d.options.includes(option.value)}
                  onChange={(e) =>
                    set({
                      options: e.target.checked
                        ? [...d.options, option.value]
                        : d.options.filter((value) => value !== option.value),
                    })
                  }
                />
                {option.label}
              </label>
            ))}
          </div>
          {(errorsFor("states") ?? errorsFor("which") ?? errorsFor("events"))?.map((message) => (
            <p key={message} className="mt-1 text-xs text-live">
              {message}
            </p>
          ))}
        </fieldset>
      ) : null}
      <label className="mb-3 flex items-center gap-1.5 text-sm text-room-100">
        <input type="checkbox" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        Enabled
      </label>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" busy={busy}>
          {rule ? "Save rule" : "Create rule"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function summary(body: AlertRuleBody): string {
  switch (body.kind) {
    case "errorRate":
      return `≥ ${body.threshold} error${body.threshold === 1 ? "" : "s"} (${body.codes.length ? body.codes.join(", ") : "any code"}) in ${body.windowSeconds} s`;
    case "publisherLimit":
      return `QUOTA_EXCEEDED in the last ${body.windowSeconds} s`;
    case "composition":
      return body.states.join(" or ");
    case "recordingFailure":
      return `${body.which.join(" / ")} failures in the last ${body.windowSeconds} s`;
    case "quality":
      return `${qualityMetricLabels[body.metric]} above ${body.percent} % for ${body.forSeconds} s (${body.per === "stage" ? "stage-wide" : "each participant"})`;
    case "connectedDrop":
      return `drop ≥ ${body.percent} % within one minute (stages with ≥ ${body.minConnected} connected)`;
    case "session":
      return `${body.events.join(" / ")}, shown for ${body.windowSeconds} s`;
  }
}

export function RulesEditor({ rules, canManage }: { rules: readonly AlertRule[]; canManage: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState<number | "new" | undefined>();
  const [deleting, setDeleting] = useState<AlertRule | undefined>();
  return (
    <div>
      {canManage && editing === undefined ? (
        <div className="mb-4">
          <Button variant="primary" onClick={() => setEditing("new")}>
            New rule
          </Button>
        </div>
      ) : null}
      {canManage && editing === "new" ? <RuleForm onDone={() => setEditing(undefined)} /> : null}
      {canManage && typeof editing === "number" ? (
        <RuleForm key={editing} rule={rules.find((rule) => rule.id === editing)} onDone={() => setEditing(undefined)} />
      ) : null}
      <SimpleTable
        caption="Alert rules"
        rows={rules}
        rowKey={(rule) => String(rule.id)}
        empty="No rules: nothing is watched."
        columns={[
          {
            header: "Rule",
            cell: (rule) => (
              <>
                <p className="font-medium text-room-100">{rule.body.name}</p>
                <p className="text-xs text-room-300">{alertKindLabels[rule.body.kind]}</p>
              </>
            ),
          },
          { header: "Condition", className: "text-room-300", cell: (rule) => summary(rule.body) },
          { header: "Scope", className: "text-room-300", cell: (rule) => describeScope(rule.body.scope) },
          { header: "Severity", cell: (rule) => rule.body.severity },
          {
            header: "Enabled",
            cell: (rule) =>
              canManage ? (
                <input
                  type="checkbox"
                  aria-label={`Enable ${rule.body.name}`}
                  checked={rule.body.enabled}
                  onChange={async (e) => {
                    const result = await setAlertRuleEnabledAction({ id: rule.id, enabled: e.target.checked });
                    if (!result.ok) toast.error(result.error.message);
                    router.refresh();
                  }}
                />
              ) : rule.body.enabled ? (
                "yes"
              ) : (
                "no"
              ),
          },
          {
            header: "Actions",
            cell: (rule) =>
              canManage ? (
                <div className="flex gap-2">
                  <Button aria-label={`Edit ${rule.body.name}`} onClick={() => setEditing(rule.id)}>
                    Edit
                  </Button>
                  <Button variant="ghost" aria-label={`Delete ${rule.body.name}`} onClick={() => setDeleting(rule)}>
                    Delete
                  </Button>
                </div>
              ) : null,
          },
        ]}
      />
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => (open ? undefined : setDeleting(undefined))}
          title="Delete alert rule"
          description={
            <>
              Delete the rule <strong>{deleting.body.name}</strong>? Its open alerts resolve; their history stays.
            </>
          }
          confirmLabel="Delete rule"
          action={() => deleteAlertRuleAction({ id: deleting.id })}
          onDone={() => {
            setDeleting(undefined);
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
