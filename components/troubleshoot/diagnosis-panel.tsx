"use client";

import { memo } from "react";
import type { Finding, Severity } from "@/lib/timeline/diagnosis";
import type { Timeline } from "@/lib/timeline/model";
import { clock, eventLabel } from "./format";

const severityStyle: Record<Severity, { label: string; box: string; badge: string }> = {
  critical: { label: "Critical", box: "border-live/50 bg-live/10", badge: "bg-live text-room-950" },
  warning: { label: "Warning", box: "border-warn/50 bg-warn/10", badge: "bg-warn text-room-950" },
  info: { label: "Note", box: "border-room-700 bg-room-900", badge: "bg-room-700 text-room-100" },
  ok: { label: "Healthy", box: "border-ok/40 bg-ok/10", badge: "bg-ok text-room-950" },
};

/** The automatic diagnosis: findings, most severe first, each with its evidence (buttons that show it). */
export const DiagnosisPanel = memo(function DiagnosisPanel({
  findings,
  timeline,
  activeId,
  onShowEvidence,
  loading,
}: {
  findings: readonly Finding[];
  timeline: Timeline;
  activeId?: string;
  onShowEvidence: (finding: Finding, eventId?: string) => void;
  loading: boolean;
}) {
  return (
    <section aria-labelledby="diagnosis-heading" className="space-y-2" data-testid="diagnosis">
      <h2 id="diagnosis-heading" className="text-sm font-semibold">
        Diagnosis {loading ? <span className="font-normal text-room-300">(reading events…)</span> : null}
      </h2>
      <ul className="space-y-2">
        {findings.map((finding) => {
          const style = severityStyle[finding.severity];
          const active = finding.id === activeId;
          const metricEvidence = finding.metricEvidence ?? [];
          const evidenceCount = finding.evidence.length + metricEvidence.length;
          return (
            <li
              key={finding.id}
              className={`rounded border p-3 ${style.box} ${active ? "ring-2 ring-warn" : ""}`}
              data-rule={finding.rule}
              data-severity={finding.severity}
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h3 className="text-sm font-semibold text-room-100">
                  <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-semibold ${style.badge}`}>
                    {style.label}
                  </span>
                  {finding.title}
                  {finding.resolved ? <span className="ml-2 text-xs font-normal text-ok">recovered</span> : null}
                </h3>
                {evidenceCount ? (
                  <button
                    type="button"
                    className="rounded border border-room-500 px-2 py-0.5 text-xs text-room-100 hover:border-accent"
                    aria-pressed={active}
                    onClick={() => onShowEvidence(finding)}
                  >
                    {active ? "Showing evidence" : `Show evidence (${evidenceCount})`}
                  </button>
                ) : null}
              </div>
              <p className="mt-1 text-sm text-room-100">{finding.explanation}</p>
              <p className="mt-1 text-sm text-room-100">
                <span className="font-medium">What to do: </span>
                {finding.action}
              </p>
              {metricEvidence.length ? (
                <ul aria-label={`Metric evidence for ${finding.title}`} className="mt-2 flex flex-wrap gap-1">
                  {metricEvidence.map((m) => (
                    <li key={`${m.metric}-${m.from}`}>
                      <button
                        type="button"
                        onClick={() => onShowEvidence(finding)}
                        className="rounded bg-room-850 px-1.5 py-0.5 font-mono text-xs text-warn hover:bg-room-800"
                        aria-label={`Show ${m.text} (${clock(m.from).slice(0, 8)} to ${clock(m.to).slice(0, 8)}) on the charts`}
                      >
                        {m.text}
                      </button>
                    </li>
                  ))}
                </ul>
              ) : null}
              {finding.evidence.length ? (
                <ul aria-label={`Evidence for ${finding.title}`} className="mt-2 flex flex-wrap gap-1">
                  {finding.evidence.slice(0, 12).map((id) => {
                    const event = timeline.byId.get(id);
                    if (!event) return null;
                    return (
                      <li key={id}>
                        <button
                          type="button"
                          onClick={() => onShowEvidence(finding, id)}
                          className="rounded bg-room-850 px-1.5 py-0.5 font-mono text-xs text-room-100 hover:bg-room-800"
                          aria-label={`Show ${eventLabel(event.name)}${event.errorCode ? ` ${event.errorCode}` : ""} at ${clock(event.time)}`}
                        >
                          {clock(event.time).slice(0, 8)} {event.errorCode ?? event.name}
                        </button>
                      </li>
                    );
                  })}
                  {finding.evidence.length > 12 ? (
                    <li className="text-xs text-room-300">+{finding.evidence.length - 12} more</li>
                  ) : null}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
});
