"use client";

import { Card } from "@/components/ui/card";
import { Facts } from "@/components/ui/facts";
import { useQuery } from "@tanstack/react-query";
import { Time } from "@/components/ui/time";
import Link from "next/link";
import type { ReactNode } from "react";
import { TagsEditor } from "@/components/resources/tags-editor";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Freshness } from "@/components/ui/freshness";
import { errorInfoOf, ReadError } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId, formatDuration } from "@/lib/format";
import type { OutputOf } from "@/lib/ivs/operations";
import type { BrowserSafe } from "@/lib/ivs/redact";
import { livePollMs, readQuery, slowPollMs } from "@/lib/query-keys";
import type { ReadResult } from "@/lib/result";
import { link, routes } from "@/lib/routes";
import { CompositionLive } from "./composition-live";
import { canStop } from "./filters";
import { CompositionStateBadge } from "./state-badge";
import { StopCompositionButton } from "./stop-composition";

type Composition = NonNullable<OutputOf<"GetComposition">["composition"]>;
type Destination = Composition["destinations"][number];

const isGone = (error: unknown) => error instanceof ReadError && error.status === 404;

const factColumns = "grid-cols-[minmax(8rem,auto)_1fr]";

function DestinationCard({ destination, index }: { destination: Destination; index: number }) {
  const { configuration, detail } = destination;
  const kind = configuration.channel ? "IVS channel" : configuration.s3 ? "S3 recording" : "Destination";
  const headingId = `destination-${destination.id || index}`;
  const rows: [string, ReactNode][] = [
    ["Destination id", destination.id],
    ["Started", <Time key="started" iso={destination.startTime} />],
    ["Ended", <Time key="ended" iso={destination.endTime} />],
  ];
  if (configuration.channel) {
    rows.push(["Channel", configuration.channel.channelArn]);
    rows.push([
      "Encoder configuration",
      configuration.channel.encoderConfigurationArn ? arnId(configuration.channel.encoderConfigurationArn) : "default",
    ]);
  }
  const s3 = configuration.s3;
  if (s3) {
    rows.push(["Storage configuration", arnId(s3.storageConfigurationArn)]);
    rows.push(["Encoder configurations", s3.encoderConfigurationArns.map(arnId).join(", ") || "—"]);
    rows.push([
      "Recording",
      `${s3.recordingConfiguration?.format ?? "HLS"}, ${s3.recordingConfiguration?.hlsConfiguration?.targetSegmentDurationSeconds ?? 2} s segments`,
    ]);
    rows.push([
      "Thumbnails",
      s3.thumbnailConfigurations?.length
        ? s3.thumbnailConfigurations
            .map((t) => `every ${t.targetIntervalSeconds ?? 60} s (${(t.storage ?? ["SEQUENTIAL"]).join(", ")})`)
            .join("; ")
        : "off",
    ]);
  }
  const prefix = detail?.s3?.recordingPrefix;
  return (
    <article aria-labelledby={headingId} className="rounded border border-room-700 bg-room-850 p-3">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-medium text-room-100">
          {configuration.name || `Destination ${index + 1}`} <span className="font-normal text-room-300">· {kind}</span>
        </h3>
        <CompositionStateBadge state={destination.state} />
      </div>
      <Facts rows={rows} columns={factColumns} />
      {prefix ? (
        <div className="mt-2 flex items-center gap-2 text-xs">
          <span className="text-room-300">Recording prefix</span>
          <code className="min-w-0 flex-1 truncate font-mono text-room-100" title={prefix}>
            {prefix}
          </code>
          <CopyButton value={prefix} label="Copy recording prefix" />
        </div>
      ) : null}
    </article>
  );
}

export function CompositionDetail({
  context,
  compositionArn,
  initial,
}: {
  context: ConsoleContext;
  compositionArn: string;
  /** From the server page's read: masked (only a masked value is `BrowserSafe`). */
  initial: ReadResult<BrowserSafe<OutputOf<"GetComposition">>>;
}) {
  const query = useQuery({
    ...readQuery(context, "GetComposition", { arn: compositionArn }, livePollMs),
    initialData: initial,
    initialDataUpdatedAt: initial.fetchedAt,
    // IVS deletes a composition a few minutes after it ends: stop asking then.
    refetchInterval: (q) => (isGone(q.state.error) ? false : livePollMs),
    retry: (count, error) => !isGone(error) && count < 1,
  });
  const composition = query.data?.data.composition;
  const stage = useQuery({
    ...readQuery(context, "GetStage", { arn: composition?.stageArn ?? "" }, slowPollMs),
    enabled: Boolean(composition?.stageArn),
  });
  if (!composition) {
    return (
      <ErrorPanel
        title="Composition not found"
        error={{
          code: "ResourceNotFoundException",
          message: "This composition does not exist in this region.",
          retryable: false,
        }}
      />
    );
  }
  const id = arnId(composition.arn);
  const stageName = stage.data?.data.stage?.name;
  const gone = isGone(query.error);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs text-room-300">
            <Link href={link(context, routes.compositions())} className="text-accent hover:underline">
              Compositions
            </Link>{" "}
            /
          </p>
          <div className="mt-1 flex items-center gap-2">
            <h1 className="text-xl font-semibold">
              Composition <span className="font-mono">{id}</span>
            </h1>
            <CompositionStateBadge state={composition.state} />
          </div>
          <p className="mt-1 flex items-center gap-2 break-all font-mono text-xs text-room-300">
            {composition.arn} <CopyButton value={composition.arn} label="Copy composition ARN" />
          </p>
          <p className="mt-1 text-sm text-room-300">
            Stage{" "}
            <Link href={link(context, routes.stage(composition.stageArn))} className="text-accent hover:underline">
              {stageName || arnId(composition.stageArn)}
            </Link>
          </p>
        </div>
        <div className="flex flex-col items-end gap-2">
          {canStop(composition.state) && !gone ? (
            <StopCompositionButton context={context} compositionArn={composition.arn} stageName={stageName} />
          ) : null}
          <Freshness
            fetchedAt={query.data?.fetchedAt}
            degraded={query.data?.degraded}
            error={query.error && !gone ? errorInfoOf(query.error) : null}
          />
        </div>
      </div>
      {gone ? (
        <p role="status" className="rounded border border-warn/40 bg-warn/10 px-3 py-2 text-sm text-room-100">
          This composition no longer exists: IVS deletes stopped and failed compositions a few minutes after they end.
          Showing the last known state.
        </p>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Status" id="composition-status">
          <Facts
            columns={factColumns}
            rows={[
              ["State", <CompositionStateBadge key="state" state={composition.state} />],
              ["Started", <Time key="started" iso={composition.startTime} />],
              ["Ended", <Time key="ended" iso={composition.endTime} />],
              [
                "Duration",
                <span key="duration" suppressHydrationWarning>
                  {composition.startTime ? formatDuration(composition.startTime, composition.endTime) : "—"}
                </span>,
              ],
              ["Destinations", String(composition.destinations.length)],
            ]}
          />
        </Card>
        <TagsEditor context={context} resourceArn={composition.arn} resourceLabel={`composition ${id}`} />
      </div>
      <CompositionLive
        context={context}
        composition={composition}
        {...(query.data?.fetchedAt ? { fetchedAt: query.data.fetchedAt } : {})}
      />
      <Card title="Destinations" id="composition-destinations">
        <div className="grid gap-3 lg:grid-cols-2">
          {composition.destinations.map((destination, index) => (
            <DestinationCard key={destination.id || index} destination={destination} index={index} />
          ))}
        </div>
      </Card>
      <Card title="Layout" id="composition-layout">
        <p className="mb-2 text-xs text-room-300">
          {composition.layout.pip ? "Picture-in-picture" : "Grid"} layout, as IVS reports it:
        </p>
        <pre
          className="max-h-80 overflow-auto rounded bg-room-950 p-3 font-mono text-xs text-room-100"
          tabIndex={0}
          aria-label="Layout JSON"
        >
          {JSON.stringify(composition.layout, null, 2)}
        </pre>
      </Card>
    </div>
  );
}
