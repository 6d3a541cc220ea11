"use client";

import { Card } from "@/components/ui/card";
import { Facts } from "@/components/ui/facts";
import { CompositionLink } from "@/components/compositions/composition-link";
import { useQuery } from "@tanstack/react-query";
import { SessionQualityPanel } from "@/components/metrics/deferred";
import { Time } from "@/components/ui/time";
import Link from "next/link";
import { Can } from "@/components/auth/can";
import { LiveBadge, StateBadge } from "@/components/badges/live-badge";
import { TagsEditor } from "@/components/resources/tags-editor";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Freshness } from "@/components/ui/freshness";
import { SimpleTable } from "@/components/ui/simple-table";
import { errorInfoOf } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId, formatDuration, formatTags } from "@/lib/format";
import type { OutputOf } from "@/lib/ivs/operations";
import type { BrowserSafe } from "@/lib/ivs/redact";
import { sessionQueries, stageQueries } from "@/lib/query-keys";
import type { ReadResult } from "@/lib/result";
import { link, routes } from "@/lib/routes";
import { DeleteStageZone, StageActions } from "./stage-actions";
import { TokenMinter } from "./token-minter";

type Stage = NonNullable<OutputOf<"GetStage">["stage"]>;

function Endpoints({ stage }: { stage: Stage }) {
  const endpoints = Object.entries(stage.endpoints ?? {}).filter(([, url]) => url);
  return (
    <dl className="space-y-1.5 text-xs">
      {endpoints.map(([kind, url]) => (
        <div key={kind} className="flex items-center gap-2">
          <dt className="w-14 shrink-0 uppercase text-room-300">{kind}</dt>
          {/* The Copy button belongs to the definition: a <dl> holds only dt/dd groups. */}
          <dd className="flex min-w-0 flex-1 items-center gap-2">
            <span className="min-w-0 flex-1 truncate font-mono text-room-100" title={url}>
              {url}
            </span>
            <CopyButton value={url ?? ""} label={`Copy ${kind} endpoint`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Recording({ stage }: { stage: Stage }) {
  const config = stage.autoParticipantRecordingConfiguration;
  if (!config?.storageConfigurationArn)
    return <p className="text-xs text-room-300">Individual participant recording is off.</p>;
  const rows: [string, string][] = [
    ["Storage configuration", arnId(config.storageConfigurationArn)],
    ["Media", config.mediaTypes?.join(", ") ?? "AUDIO_VIDEO"],
    ["HLS segment", `${config.hlsConfiguration?.targetSegmentDurationSeconds ?? 6} s`],
    [
      "Thumbnails",
      config.thumbnailConfiguration?.recordingMode === "INTERVAL"
        ? `every ${config.thumbnailConfiguration.targetIntervalSeconds ?? 60} s (${config.thumbnailConfiguration.storage?.join(", ")})`
        : "off",
    ],
    ["Reconnect window", `${config.recordingReconnectWindowSeconds ?? 0} s`],
    ["Record replicas", config.recordParticipantReplicas === false ? "no" : "yes"],
  ];
  return <Facts rows={rows} columns="grid-cols-2" />;
}

function LiveSession({ context, stage }: { context: ConsoleContext; stage: Stage }) {
  const sessionId = stage.activeSessionId;
  const participants = useQuery({
    ...sessionQueries(context, stage.arn, sessionId ?? "st-0000000000000").participants(),
    enabled: Boolean(sessionId),
  });
  if (!sessionId)
    return (
      <p className="text-xs text-room-300">
        Nobody is on this stage. A session opens when the first participant joins.
      </p>
    );
  const list = participants.data?.data.participants ?? [];
  const connected = list.filter((p) => p.state === "CONNECTED");
  const publishing = connected.filter((p) => p.published);
  return (
    <div className="text-sm">
      <p className="mb-2">
        <Link
          href={link(context, routes.session(stage.arn, sessionId))}
          className="font-mono text-accent hover:underline"
        >
          {sessionId}
        </Link>
      </p>
      <dl className="grid grid-cols-3 gap-2 text-center">
        {[
          ["Connected", connected.length],
          ["Have published", publishing.length],
          ["Seen in session", list.length],
        ].map(([label, value]) => (
          <div key={label} className="rounded bg-room-850 px-2 py-2">
            <dt className="text-xs text-room-300">{label}</dt>
            <dd className="font-mono text-lg">{participants.isLoading ? "…" : value}</dd>
          </div>
        ))}
      </dl>
      {participants.data?.data.nextToken ? (
        <p className="mt-1 text-xs text-room-300">First 100 participants counted; open the session for all.</p>
      ) : null}
    </div>
  );
}

export function StageDetail({
  context,
  stageArn,
  initial,
}: {
  context: ConsoleContext;
  stageArn: string;
  /** From the server page's read: masked (only a masked value is `BrowserSafe`). */
  initial: ReadResult<BrowserSafe<OutputOf<"GetStage">>>;
}) {
  const queries = stageQueries(context);
  const stageQuery = useQuery({
    ...queries.detail(stageArn),
    initialData: initial,
    initialDataUpdatedAt: initial.fetchedAt,
  });
  const sessions = useQuery(queries.sessions(stageArn));
  const compositions = useQuery(queries.compositions(stageArn));
  const stage = stageQuery.data?.data.stage;
  if (!stage)
    return (
      <ErrorPanel
        title="Stage not found"
        error={
          stageQuery.error
            ? errorInfoOf(stageQuery.error)
            : {
                code: "ResourceNotFoundException",
                message: "This stage does not exist in this region.",
                retryable: false,
              }
        }
      />
    );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="flex items-center gap-2">
            <h1 className="text-xl font-semibold">{stage.name || "(unnamed stage)"}</h1>
            <LiveBadge live={Boolean(stage.activeSessionId)} />
          </div>
          <p className="mt-1 flex items-center gap-2 font-mono text-xs text-room-300">
            {stage.arn} <CopyButton value={stage.arn} label="Copy stage ARN" />
          </p>
          {stage.tags && Object.keys(stage.tags).length ? (
            <p className="mt-1 text-xs text-room-300">Tags: {formatTags(stage.tags)}</p>
          ) : null}
        </div>
        <div className="flex flex-col items-end gap-2">
          <StageActions context={context} stageArn={stage.arn} name={stage.name ?? ""} />
          <Link href={link(context, routes.designer(stage.arn))} className="text-sm text-accent hover:underline">
            Design a composition
          </Link>
          <Freshness
            fetchedAt={stageQuery.data?.fetchedAt}
            degraded={stageQuery.data?.degraded}
            error={stageQuery.error ? errorInfoOf(stageQuery.error) : null}
          />
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Live session">
          <LiveSession context={context} stage={stage} />
        </Card>
        <Card title="Endpoints">
          <Endpoints stage={stage} />
        </Card>
        <Card title="Recording">
          <Recording stage={stage} />
        </Card>
        <Card title="Compositions">
          {compositions.error ? (
            <ErrorPanel title="Could not list compositions" error={errorInfoOf(compositions.error)} />
          ) : (
            <SimpleTable
              caption="Compositions of this stage"
              rows={compositions.data?.data.compositions ?? []}
              rowKey={(c) => c.arn}
              empty="No composition is running for this stage."
              columns={[
                {
                  header: "Composition",
                  cell: (c) => <CompositionLink context={context} arn={c.arn} />,
                },
                { header: "State", cell: (c) => <StateBadge state={c.state} /> },
                { header: "Started", cell: (c) => <Time iso={c.startTime} className="font-mono text-xs" /> },
              ]}
            />
          )}
        </Card>
        {/* Five cards in two columns: tags take the last row whole instead of leaving half of it empty. */}
        <div className="lg:col-span-2">
          <TagsEditor context={context} resourceArn={stage.arn} resourceLabel={stage.name || arnId(stage.arn)} />
        </div>
      </div>
      {stage.activeSessionId ? (
        <SessionQualityPanel context={context} stageArn={stage.arn} sessionId={stage.activeSessionId} />
      ) : null}
      <Card title="Sessions">
        <p className="mb-2 text-xs">
          <Link href={link(context, routes.stageSessions(stage.arn))} className="text-accent hover:underline">
            All sessions of this stage, and find a user in them
          </Link>
        </p>
        {sessions.error ? (
          <ErrorPanel title="Could not list sessions" error={errorInfoOf(sessions.error)} />
        ) : (
          <SimpleTable
            caption="Sessions of this stage"
            rows={sessions.data?.data.stageSessions ?? []}
            rowKey={(s) => s.sessionId ?? ""}
            empty={sessions.isLoading ? "Loading sessions…" : "This stage has had no sessions yet."}
            columns={[
              {
                header: "Session",
                cell: (s) =>
                  s.sessionId ? (
                    <Link
                      href={link(context, routes.session(stage.arn, s.sessionId))}
                      className="font-mono text-xs text-accent hover:underline"
                    >
                      {s.sessionId}
                    </Link>
                  ) : null,
              },
              { header: "Start", cell: (s) => <Time iso={s.startTime} className="font-mono text-xs" /> },
              {
                header: "End",
                cell: (s) => (s.endTime ? <Time iso={s.endTime} className="font-mono text-xs" /> : <LiveBadge live />),
              },
              {
                header: "Duration",
                cell: (s) => (
                  <span className="text-xs">{s.startTime ? formatDuration(s.startTime, s.endTime) : "—"}</span>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Can perform="CreateParticipantToken">
        <TokenMinter context={context} stageArn={stage.arn} />
      </Can>
      <DeleteStageZone
        context={context}
        stageArn={stage.arn}
        name={stage.name ?? ""}
        activeSessionId={stage.activeSessionId}
      />
    </div>
  );
}
