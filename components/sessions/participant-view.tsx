"use client";

import { FactsCard } from "@/components/ui/facts";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { lazy, useMemo } from "react";
import { StateBadge } from "@/components/badges/live-badge";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { CoverageStatus } from "@/components/live/coverage-status";
import { useSessionTopic } from "@/components/live/use-live-topic";
import { Deferred, LoadingPanel } from "@/components/ui/deferred";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Freshness } from "@/components/ui/freshness";
import { errorInfoOf } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId, formatTime } from "@/lib/format";
import type { OutputOf } from "@/lib/ivs/operations";
import type { Participant } from "@/lib/ivs/structures";
import { readQuery, sessionQueries, slowPollMs } from "@/lib/query-keys";
import type { ReadResult } from "@/lib/result";
import { link, routes } from "@/lib/routes";
import type { IngestFacts } from "@/lib/timeline/diagnosis";
import type { ViewState } from "@/lib/timeline/view-state";
import { StageCrumb } from "@/components/stages/stage-crumb";
import { DisconnectButton } from "./disconnect-button";
import { ReplicationPanel } from "./replication-panel";

// The troubleshooting view (timeline chart with d3, diagnosis rules, exports) loads once the page has: the
// participant's facts paint first, and the events it draws have to be read before it can say anything.
const ParticipantTroubleshoot = lazy(() =>
  import("@/components/troubleshoot/participant-troubleshoot").then((module) => ({
    default: module.ParticipantTroubleshoot,
  })),
);

const none = <span className="text-room-300">—</span>;

/** The participant page: who, which client, what IVS recorded (diagnosis, timeline, events), recording, replication. */
export function ParticipantView({
  context,
  stageArn,
  sessionId,
  participantId,
  initialView,
  initialParticipant,
  initialSession,
}: {
  context: ConsoleContext;
  stageArn: string;
  sessionId: string;
  participantId: string;
  initialView: ViewState;
  /** The server's first paint; the browser polls from there. */
  initialParticipant?: ReadResult<OutputOf<"GetParticipant">>;
  initialSession?: ReadResult<OutputOf<"GetStageSession">>;
}) {
  useSessionTopic({ stageArn, sessionId });
  const queries = sessionQueries(context, stageArn, sessionId);
  const participant = useQuery({
    ...queries.participant(participantId),
    initialData: initialParticipant,
    initialDataUpdatedAt: initialParticipant?.fetchedAt,
  });
  const session = useQuery({
    ...queries.detail(),
    initialData: initialSession,
    initialDataUpdatedAt: initialSession?.fetchedAt,
  });
  const roster = useAllPages(
    context,
    "ListParticipants",
    { stageArn, sessionId, maxResults: 100 },
    { pollMs: slowPollMs },
  );
  const p = participant.data?.data.participant;
  const ingestArn = p?.ingestConfigurationArn;
  const ingestQuery = useQuery({
    ...readQuery(context, "GetIngestConfiguration", { arn: ingestArn ?? "" }, slowPollMs),
    enabled: Boolean(ingestArn),
  });
  const ingestConfig = ingestQuery.data?.data.ingestConfiguration;
  const ingest = useMemo<IngestFacts | undefined>(
    () =>
      ingestArn
        ? {
            arn: ingestArn,
            ...(ingestConfig?.name ? { name: ingestConfig.name } : {}),
            ...(ingestConfig?.ingestProtocol ? { ingestProtocol: ingestConfig.ingestProtocol } : {}),
            ...(ingestConfig ? { stageArn: ingestConfig.stageArn } : {}),
          }
        : undefined,
    [ingestArn, ingestConfig],
  );
  const names = useMemo(
    () => new Map((roster.data?.items ?? []).map((r) => [r.participantId ?? "", r.userId ?? ""])),
    [roster.data],
  );
  const info = session.data?.data.stageSession;
  const sessionEnd = info?.endTime ? Date.parse(info.endTime) : undefined;

  if (participant.error && !p)
    return <ErrorPanel title="Could not load the participant" error={errorInfoOf(participant.error)} />;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-xs text-room-300">
            <StageCrumb context={context} stageArn={stageArn} />
            {" / "}
            <Link href={link(context, routes.session(stageArn, sessionId))} className="text-accent hover:underline">
              Session {sessionId}
            </Link>
          </p>
          <h1 className="mt-1 flex flex-wrap items-baseline gap-2 text-xl font-semibold">
            {p ? p.userId || "(no user id)" : "Participant"}{" "}
            <span className="font-mono text-sm text-room-300">{participantId}</span>
            {p ? <StateBadge state={p.state === "CONNECTED" ? "ACTIVE" : (p.state ?? "")} label={p.state} /> : null}
            {p?.published ? <span className="rounded bg-ok/15 px-1.5 py-0.5 text-xs text-ok">published</span> : null}
          </h1>
          {p?.userId ? (
            <p className="mt-1 text-xs">
              <Link href={link(context, routes.findUser(p.userId, stageArn))} className="text-accent hover:underline">
                Other sessions of {p.userId}
              </Link>
            </p>
          ) : null}
        </div>
        <div className="flex flex-col items-end gap-2">
          {p?.state === "CONNECTED" ? (
            <DisconnectButton context={context} stageArn={stageArn} participantId={participantId} userId={p.userId} />
          ) : null}
          <CoverageStatus coverage={roster.data?.coverage} label="Session observation" />
          <Freshness
            degraded={participant.data?.degraded}
            error={participant.error ? errorInfoOf(participant.error) : null}
          />
        </div>
      </div>

      <Deferred fallback={<LoadingPanel label="Loading the event timeline…" className="h-72" />}>
        <ParticipantTroubleshoot
          key={`${stageArn}/${sessionId}/${participantId}`}
          context={context}
          stageArn={stageArn}
          sessionId={sessionId}
          participantId={participantId}
          {...(p ? { participant: p } : {})}
          {...(sessionEnd !== undefined ? { sessionEnd } : {})}
          sessionKnown={Boolean(info)}
          {...(ingest ? { ingest } : {})}
          names={names}
          initialView={initialView}
        />
      </Deferred>

      {p ? (
        <ParticipantFacts
          context={context}
          stageArn={stageArn}
          participant={p}
          ingestName={ingestConfig?.name}
          ingestProtocol={ingestConfig?.ingestProtocol}
        />
      ) : (
        <p className="text-sm text-room-300">Loading participant…</p>
      )}
      <ReplicationPanel
        context={context}
        stageArn={stageArn}
        participantId={participantId}
        connected={p?.state === "CONNECTED"}
      />
    </div>
  );
}

function ParticipantFacts({
  context,
  stageArn,
  participant: p,
  ingestName,
  ingestProtocol,
}: {
  context: ConsoleContext;
  stageArn: string;
  participant: Participant;
  ingestName?: string;
  ingestProtocol?: string;
}) {
  const attributes = p.attributes && Object.keys(p.attributes).length ? p.attributes : undefined;
  const rtmp = p.protocol === "RTMP" || p.protocol === "RTMPS" || Boolean(p.ingestConfigurationArn);
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <FactsCard
        id="facts-participant"
        title="Participant"
        rows={[
          ["User id", p.userId || none],
          ["State", p.state || none],
          ["Published", p.published ? "yes" : "no"],
          ["First joined", formatTime(p.firstJoinTime)],
          [
            "Attributes",
            attributes ? (
              <ul>
                {Object.entries(attributes).map(([key, value]) => (
                  <li key={key}>
                    {key}={value}
                  </li>
                ))}
              </ul>
            ) : (
              none
            ),
          ],
        ]}
      />
      <FactsCard
        id="facts-client"
        title="Client"
        rows={[
          ["Protocol", p.protocol || none],
          ["Browser", [p.browserName, p.browserVersion].filter(Boolean).join(" ") || none],
          ["OS", [p.osName, p.osVersion].filter(Boolean).join(" ") || none],
          ["SDK", p.sdkVersion || none],
          ["ISP", p.ispName || none],
          ...(rtmp
            ? ([
                [
                  "Ingest configuration",
                  p.ingestConfigurationArn ? (
                    <Link
                      href={`${link(context, routes.configurations())}#ingest`}
                      className="text-accent hover:underline"
                      title={p.ingestConfigurationArn}
                    >
                      {ingestName || arnId(p.ingestConfigurationArn)}
                    </Link>
                  ) : (
                    none
                  ),
                ],
                ["Ingest protocol", ingestProtocol || none],
                ["Redundant ingest", p.redundantIngest ? "yes (backup path)" : "no"],
              ] as const)
            : []),
        ]}
      />
      <FactsCard
        id="facts-recording"
        title="Recording and replication"
        rows={[
          ["Recording", p.recordingState || none],
          ["Bucket", p.recordingS3BucketName || none],
          ["Prefix", p.recordingS3Prefix || none],
          [
            "Replication",
            p.replicationType && p.replicationType !== "NONE"
              ? `${p.replicationType} · ${p.replicationState || "—"}`
              : "none",
          ],
          ...(p.replicationType === "REPLICA" && p.sourceStageArn
            ? ([
                [
                  "Source",
                  p.sourceSessionId && p.participantId ? (
                    <Link
                      href={link(context, routes.participant(p.sourceStageArn, p.sourceSessionId, p.participantId))}
                      className="text-accent hover:underline"
                    >
                      {arnId(p.sourceStageArn)} · {p.sourceSessionId}
                    </Link>
                  ) : (
                    arnId(p.sourceStageArn)
                  ),
                ],
              ] as const)
            : []),
          ...(p.replicationType === "SOURCE" ? ([["Replicas", <span key="r">listed below</span>]] as const) : []),
        ]}
      >
        {stageArn && p.replicationType === "REPLICA" ? (
          <p className="mt-2 text-xs text-room-300">
            A replica publishes what its source publishes; troubleshoot the source for media errors.
          </p>
        ) : null}
      </FactsCard>
    </div>
  );
}
