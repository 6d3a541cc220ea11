"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StateBadge } from "@/components/badges/live-badge";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Freshness } from "@/components/ui/freshness";
import { SimpleTable } from "@/components/ui/simple-table";
import { errorInfoOf } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId, formatTime } from "@/lib/format";
import { livePollMs, sessionQueries } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";
import { DisconnectButton } from "./disconnect-button";
import { ReplicationPanel } from "./replication-panel";

function Facts({ rows }: { rows: readonly (readonly [string, React.ReactNode])[] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-xs">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-room-300">{label}</dt>
          <dd className="font-mono text-room-100">{value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ParticipantView({ context, stageArn, sessionId, participantId }: { context: ConsoleContext; stageArn: string; sessionId: string; participantId: string }) {
  const participant = useQuery(sessionQueries(context, stageArn, sessionId).participant(participantId));
  const events = useAllPages(context, "ListParticipantEvents", { stageArn, sessionId, participantId, maxResults: 100 }, { pollMs: livePollMs });
  const p = participant.data?.data.participant;
  if (participant.error && !p) return <ErrorPanel title="Could not load the participant" error={errorInfoOf(participant.error)} />;
  const sorted = [...(events.data?.items ?? [])].sort((a, b) => (a.eventTime ?? "").localeCompare(b.eventTime ?? ""));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-xs text-room-300">
            <Link href={link(context, routes.session(stageArn, sessionId))} className="text-accent hover:underline">
              ← Session {sessionId}
            </Link>
          </p>
          <h1 className="mt-1 text-xl font-semibold">
            {p?.userId || "(no user id)"} <span className="font-mono text-sm text-room-300">{participantId}</span>
          </h1>
        </div>
        <div className="flex flex-col items-end gap-2">
          {p?.state === "CONNECTED" ? <DisconnectButton context={context} stageArn={stageArn} participantId={participantId} userId={p.userId} /> : null}
          <Freshness fetchedAt={participant.data?.fetchedAt} degraded={participant.data?.degraded} error={participant.error ? errorInfoOf(participant.error) : null} />
        </div>
      </div>
      {p ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <section aria-label="Participant" className="rounded border border-room-700 bg-room-900 p-4">
            <Facts
              rows={[
                ["State", <StateBadge key="s" state={p.state === "CONNECTED" ? "ACTIVE" : (p.state ?? "")} label={p.state} />],
                ["Published", p.published ? "yes" : "no"],
                ["First joined", formatTime(p.firstJoinTime)],
                ["Protocol", p.protocol],
                ["Attributes", p.attributes && Object.keys(p.attributes).length ? JSON.stringify(p.attributes) : "—"],
                ["Ingest configuration", p.ingestConfigurationArn ? arnId(p.ingestConfigurationArn) : "—"],
                ["Replication", p.replicationType && p.replicationType !== "NONE" ? `${p.replicationType} · ${p.replicationState ?? ""}` : "none"],
              ]}
            />
          </section>
          <section aria-label="Client and recording" className="rounded border border-room-700 bg-room-900 p-4">
            <Facts
              rows={[
                ["Browser", [p.browserName, p.browserVersion].filter(Boolean).join(" ") || "—"],
                ["OS", [p.osName, p.osVersion].filter(Boolean).join(" ") || "—"],
                ["SDK", p.sdkVersion || "—"],
                ["ISP", p.ispName || "—"],
                ["Recording", p.recordingState],
                ["Recording bucket", p.recordingS3BucketName || "—"],
                ["Recording prefix", p.recordingS3Prefix || "—"],
              ]}
            />
          </section>
        </div>
      ) : (
        <p className="text-sm text-room-300">Loading participant…</p>
      )}
      <ReplicationPanel context={context} stageArn={stageArn} participantId={participantId} connected={p?.state === "CONNECTED"} />
      <section aria-labelledby="events-heading">
        <h2 id="events-heading" className="mb-2 text-sm font-semibold">
          Events {events.isLoading ? `(loading… ${events.progress.loaded})` : `(${sorted.length})`}
        </h2>
        <SimpleTable
          caption="Participant events, oldest first"
          rows={sorted}
          rowKey={(e) => `${e.eventTime}-${e.name}-${e.remoteParticipantId ?? ""}-${e.errorCode ?? ""}`}
          empty="No events recorded for this participant."
          columns={[
            { header: "Time", cell: (e) => <span className="font-mono text-xs">{formatTime(e.eventTime)}</span> },
            { header: "Event", cell: (e) => <span className={`font-mono text-xs ${e.errorCode ? "text-live" : ""}`}>{e.name}</span> },
            { header: "Error code", cell: (e) => <span className="font-mono text-xs text-live">{e.errorCode ?? ""}</span> },
            { header: "Remote participant", cell: (e) => <span className="font-mono text-xs">{e.remoteParticipantId ?? ""}</span> },
          ]}
        />
      </section>
    </div>
  );
}
