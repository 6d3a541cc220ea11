"use client";

import { Can } from "@/components/auth/can";
import { DeferredDialog } from "@/components/ui/deferred-dialog";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { deleteEncoderConfigurationAction } from "@/app/actions/configurations";
import { useIvsAction } from "@/components/hooks/use-action";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import type { AllPages, ListItem } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import { ivsKeys, readQuery, slowPollMs } from "@/lib/query-keys";
import type { Result } from "@/lib/result";
import {
  ArnValue,
  CellSkeleton,
  DetailList,
  ResourceSection,
  ResourceTable,
  RowActions,
  TagsText,
  labelOf,
  okData,
} from "./common";
import { formatBitrate, formatFramerate, formatSize } from "./presets";
import { TagsEditor } from "./tags-editor";

type Encoder = ListItem<"ListEncoderConfigurations">;
type Video = { width?: number; height?: number; framerate?: number; bitrate?: number };

/** Default quota (adjustable): encoder configurations per account. */
const ENCODER_QUOTA = 20;

export function EncoderSection({ context, initial }: { context: ConsoleContext; initial: Result<AllPages<Encoder>> }) {
  const queryClient = useQueryClient();
  const remove = useIvsAction(context, deleteEncoderConfigurationAction);
  const list = useAllPages(
    context,
    "ListEncoderConfigurations",
    {},
    { pollMs: slowPollMs, initialData: okData(initial) },
  );
  const items = list.data?.items ?? [];
  // The List summary has no video: one Get per row, cached for good (an encoder configuration never changes).
  const details = useQueries({
    queries: items.map((encoder) => ({
      ...readQuery(context, "GetEncoderConfiguration", { arn: encoder.arn }, false),
      staleTime: Infinity,
    })),
  });
  const videoOf = new Map<string, { video?: Video; loading: boolean; failed: boolean }>(
    items.map((encoder, index) => {
      const detail = details[index];
      return [
        encoder.arn,
        {
          video: detail?.data?.data.encoderConfiguration?.video,
          loading: Boolean(detail?.isLoading),
          failed: Boolean(detail?.error),
        },
      ];
    }),
  );
  const [shownArn, setShownArn] = useState<string | undefined>();
  const shown = items.find((item) => item.arn === shownArn);
  const [deleting, setDeleting] = useState<Encoder | undefined>();

  const cell = (encoder: Encoder, render: (video: Video) => string) => {
    const state = videoOf.get(encoder.arn);
    if (state?.video) return <span className="font-mono text-xs">{render(state.video)}</span>;
    if (state?.failed) return <span className="text-xs text-room-300">unavailable</span>;
    return <CellSkeleton label="Loading…" />;
  };
  const shownVideo = shown ? videoOf.get(shown.arn)?.video : undefined;

  return (
    <ResourceSection
      id="encoders"
      title="Encoder configurations"
      description="How compositions encode their output (size, frame rate, bitrate). Used by channel and S3 destinations."
      status={list.data ? `${items.length} of ${ENCODER_QUOTA} (default quota per account)` : undefined}
      freshness={{ fetchedAt: list.data?.fetchedAt, degraded: list.data?.degraded, error: list.error }}
      action={
        <Can perform="CreateEncoderConfiguration">
          <DeferredDialog
            label="Create encoder configuration"
            load={() => import("./create-encoder-dialog").then((m) => m.CreateEncoderDialog)}
            props={{ context }}
          />
        </Can>
      }
    >
      <ResourceTable
        caption="Encoder configurations"
        query={list}
        initialError={initial.ok ? undefined : initial.error}
        rowKey={(encoder) => encoder.arn}
        empty="No encoder configurations yet. Create one from a preset (720p30 is the service default) to use it in compositions."
        columns={[
          { header: "Name", cell: (encoder) => encoder.name || <span className="text-room-300">(unnamed)</span> },
          { header: "Id", cell: (encoder) => <code className="font-mono text-xs">{arnId(encoder.arn)}</code> },
          { header: "Size", cell: (encoder) => cell(encoder, formatSize) },
          { header: "Frame rate", cell: (encoder) => cell(encoder, (v) => formatFramerate(v.framerate)) },
          { header: "Bitrate", cell: (encoder) => cell(encoder, (v) => formatBitrate(v.bitrate)) },
          { header: "Tags", cell: (encoder) => <TagsText tags={encoder.tags} /> },
          {
            header: "Actions",
            className: "text-right",
            cell: (encoder) => (
              <RowActions
                label={labelOf(encoder)}
                deleteNeeds="DeleteEncoderConfiguration"
                onDetails={() => setShownArn(encoder.arn)}
                onDelete={() => setDeleting(encoder)}
              />
            ),
          },
        ]}
      />
      {shown ? (
        <Dialog
          open
          onOpenChange={(open) => (open ? undefined : setShownArn(undefined))}
          title={`Encoder configuration ${labelOf(shown)}`}
          wide
        >
          <div className="space-y-4">
            <DetailList
              items={[
                ["Name", shown.name || "(unnamed)"],
                ["ARN", <ArnValue key="arn" arn={shown.arn} label="encoder configuration" />],
                ["Size", formatSize(shownVideo)],
                ["Frame rate", formatFramerate(shownVideo?.framerate)],
                ["Bitrate", formatBitrate(shownVideo?.bitrate)],
              ]}
            />
            <p className="text-xs text-room-300">
              Encoder configurations cannot be changed; create a new one for other values.
            </p>
            <TagsEditor context={context} resourceArn={shown.arn} resourceLabel={labelOf(shown)} />
            <div className="flex justify-end">
              <Button onClick={() => setShownArn(undefined)}>Close</Button>
            </div>
          </div>
        </Dialog>
      ) : null}
      {/* Keyed per resource: a failure shown for one resource never reappears when confirming another. */}
      <ConfirmDialog
        key={deleting?.arn ?? "none"}
        open={Boolean(deleting)}
        onOpenChange={(open) => (open ? undefined : setDeleting(undefined))}
        title={`Delete encoder configuration ${deleting ? labelOf(deleting) : ""}?`}
        description={
          <>
            <strong>{deleting ? labelOf(deleting) : ""}</strong> ({deleting ? arnId(deleting.arn) : ""}) will be
            deleted. IVS refuses while a running composition uses it. This cannot be undone.
          </>
        }
        confirmLabel="Delete encoder configuration"
        action={() => remove.run({ arn: deleting?.arn ?? "" })}
        onDone={() => {
          if (!deleting) return;
          toast.success(`Encoder configuration ${labelOf(deleting)} deleted`);
          queryClient.removeQueries({
            queryKey: ivsKeys.read(context, "GetEncoderConfiguration", { arn: deleting.arn }),
          });
        }}
      />
    </ResourceSection>
  );
}
