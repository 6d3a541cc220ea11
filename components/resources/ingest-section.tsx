"use client";

import { Can } from "@/components/auth/can";
import { DeferredDialog } from "@/components/ui/deferred-dialog";
import Link from "next/link";
import { lazy, Suspense, useState } from "react";
import { toast } from "sonner";
import { deleteIngestConfigurationAction } from "@/app/actions/configurations";
import { StateBadge } from "@/components/badges/live-badge";
import { useIvsAction } from "@/components/hooks/use-action";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { AllPages, ListItem } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import { livePollMs } from "@/lib/query-keys";
import type { Result } from "@/lib/result";
import { link, routes } from "@/lib/routes";
import { ResourceSection, ResourceTable, RowActions, labelOf, okData } from "./common";
import type { StageOption } from "./create-ingest-dialog";

// The detail dialog (stream key reveal, attach/detach, tags, schemas) loads when a configuration is opened.
const IngestDetailDialog = lazy(() =>
  import("./ingest-detail-dialog").then((m) => ({ default: m.IngestDetailDialog })),
);

type Ingest = ListItem<"ListIngestConfigurations">;

/** Default quota (adjustable): ingest configurations per account. */
const INGEST_QUOTA = 100;

export function IngestSection({
  context,
  initial,
  stages,
}: {
  context: ConsoleContext;
  initial: Result<AllPages<Ingest>>;
  stages: readonly StageOption[];
}) {
  const remove = useIvsAction(context, deleteIngestConfigurationAction);
  // Polled fast: the state flips to ACTIVE while an encoder publishes.
  const list = useAllPages(
    context,
    "ListIngestConfigurations",
    {},
    { pollMs: livePollMs, initialData: okData(initial) },
  );
  const items = list.data?.items ?? [];
  const [shownArn, setShownArn] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<Ingest | undefined>();
  const stageByArn = new Map(stages.map((stage) => [stage.arn, stage]));
  const active = items.filter((item) => item.state === "ACTIVE").length;
  const forced = deleting?.state === "ACTIVE";

  return (
    <ResourceSection
      id="ingest"
      title="Ingest configurations"
      description="Stream keys for RTMP/RTMPS encoders that publish into a stage as a participant (at most 720p, 8.5 Mbps, H.264 without B-frames)."
      status={list.data ? `${items.length} of ${INGEST_QUOTA} (default quota per account) · ${active} live` : undefined}
      freshness={{ fetchedAt: list.data?.fetchedAt, degraded: list.data?.degraded, error: list.error }}
      action={
        <Can perform="CreateIngestConfiguration">
          <DeferredDialog
            label="Create ingest configuration"
            load={() => import("./create-ingest-dialog").then((m) => m.CreateIngestDialog)}
            props={{ context, stages }}
          />
        </Can>
      }
    >
      <ResourceTable
        caption="Ingest configurations"
        query={list}
        initialError={initial.ok ? undefined : initial.error}
        rowKey={(ingest) => ingest.arn}
        empty="No ingest configurations yet. Create one to let OBS or a hardware encoder publish into a stage over RTMPS."
        columns={[
          { header: "Name", cell: (ingest) => ingest.name || <span className="text-room-300">(unnamed)</span> },
          { header: "Id", cell: (ingest) => <code className="font-mono text-xs">{arnId(ingest.arn)}</code> },
          { header: "Protocol", cell: (ingest) => <span className="font-mono text-xs">{ingest.ingestProtocol}</span> },
          {
            header: "Stage",
            cell: (ingest) => {
              if (!ingest.stageArn) return <span className="text-xs text-room-300">detached</span>;
              const stage = stageByArn.get(ingest.stageArn);
              return (
                <Link href={link(context, routes.stage(ingest.stageArn))} className="text-accent hover:underline">
                  {stage ? labelOf(stage) : arnId(ingest.stageArn)}
                </Link>
              );
            },
          },
          { header: "State", cell: (ingest) => <StateBadge state={ingest.state} /> },
          {
            header: "User id",
            cell: (ingest) => (
              <span className="text-xs">{ingest.userId || <span className="text-room-300">—</span>}</span>
            ),
          },
          {
            header: "Actions",
            className: "text-right",
            cell: (ingest) => (
              <RowActions
                label={labelOf(ingest)}
                deleteNeeds="DeleteIngestConfiguration"
                onDetails={() => setShownArn(ingest.arn)}
                onDelete={() => setDeleting(ingest)}
              />
            ),
          },
        ]}
      />
      {shownArn ? (
        <Suspense fallback={null}>
          <IngestDetailDialog
            key={shownArn}
            context={context}
            arn={shownArn}
            stages={stages}
            onClose={() => setShownArn(undefined)}
          />
        </Suspense>
      ) : null}
      {/* Keyed per resource: a failure shown for one resource never reappears when confirming another. */}
      <ConfirmDialog
        key={deleting?.arn ?? "none"}
        open={Boolean(deleting)}
        onOpenChange={(open) => (open ? undefined : setDeleting(undefined))}
        title={`${forced ? "Force delete" : "Delete"} ingest configuration ${deleting ? labelOf(deleting) : ""}?`}
        description={
          forced ? (
            <>
              <strong className="text-live">
                An encoder is publishing through {deleting ? labelOf(deleting) : ""} right now.
              </strong>{" "}
              Deleting it disconnects the live publisher from its stage immediately, and its stream key stops working.
              This cannot be undone.
            </>
          ) : (
            <>
              <strong>{deleting ? labelOf(deleting) : ""}</strong> will be deleted and its stream key stops working.
              Encoders configured with it will be refused. This cannot be undone.
            </>
          )
        }
        confirmLabel={forced ? "Disconnect publisher and delete" : "Delete ingest configuration"}
        action={() => remove.run({ arn: deleting?.arn ?? "", ...(forced ? { force: true } : {}) })}
        onDone={() => {
          if (deleting) toast.success(`Ingest configuration ${labelOf(deleting)} deleted`);
        }}
      />
    </ResourceSection>
  );
}
