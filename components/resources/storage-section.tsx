"use client";

import { Can } from "@/components/auth/can";
import { DeferredDialog } from "@/components/ui/deferred-dialog";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { deleteStorageConfigurationAction } from "@/app/actions/configurations";
import { useIvsAction } from "@/components/hooks/use-action";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { errorInfoOf, type AllPages, type ListItem } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import { readQuery, slowPollMs } from "@/lib/query-keys";
import type { Result } from "@/lib/result";
import { ArnValue, DetailList, ResourceSection, ResourceTable, RowActions, TagsText, labelOf, okData } from "./common";
import { TagsEditor } from "./tags-editor";

type Storage = ListItem<"ListStorageConfigurations">;

/** Default quota (adjustable): storage configurations per account. */
const STORAGE_QUOTA = 5;

export function StorageSection({ context, initial }: { context: ConsoleContext; initial: Result<AllPages<Storage>> }) {
  const remove = useIvsAction(context, deleteStorageConfigurationAction);
  const list = useAllPages(
    context,
    "ListStorageConfigurations",
    {},
    { pollMs: slowPollMs, initialData: okData(initial) },
  );
  const items = list.data?.items ?? [];
  const [shownArn, setShownArn] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<Storage | undefined>();
  // The detail follows the polled list (tags saved in the dialog show up here too).
  const shown = items.find((item) => item.arn === shownArn);

  return (
    <ResourceSection
      id="storage"
      title="Storage configurations"
      description="S3 buckets that composite recordings and individual participant recordings write to. The bucket must be in this region."
      status={list.data ? `${items.length} of ${STORAGE_QUOTA} (default quota per account)` : undefined}
      freshness={{ fetchedAt: list.data?.fetchedAt, degraded: list.data?.degraded, error: list.error }}
      action={
        <Can perform="CreateStorageConfiguration">
          <DeferredDialog
            label="Create storage configuration"
            load={() => import("./create-storage-dialog").then((m) => m.CreateStorageDialog)}
            props={{ context }}
          />
        </Can>
      }
    >
      <ResourceTable
        caption="Storage configurations"
        query={list}
        initialError={initial.ok ? undefined : initial.error}
        rowKey={(storage) => storage.arn}
        empty="No storage configurations yet. Create one with the name of an S3 bucket in this region to record stages and compositions."
        columns={[
          { header: "Name", cell: (storage) => storage.name || <span className="text-room-300">(unnamed)</span> },
          { header: "Id", cell: (storage) => <code className="font-mono text-xs">{arnId(storage.arn)}</code> },
          {
            header: "S3 bucket",
            cell: (storage) => <code className="font-mono text-xs">{storage.s3?.bucketName ?? "—"}</code>,
          },
          { header: "Tags", cell: (storage) => <TagsText tags={storage.tags} /> },
          {
            header: "Actions",
            className: "text-right",
            cell: (storage) => (
              <RowActions
                label={labelOf(storage)}
                deleteNeeds="DeleteStorageConfiguration"
                onDetails={() => setShownArn(storage.arn)}
                onDelete={() => setDeleting(storage)}
              />
            ),
          },
        ]}
      />
      {shown ? <StorageDetails context={context} summary={shown} onClose={() => setShownArn(undefined)} /> : null}
      {/* Keyed per resource: a failure shown for one resource never reappears when confirming another. */}
      <ConfirmDialog
        key={deleting?.arn ?? "none"}
        open={Boolean(deleting)}
        onOpenChange={(open) => (open ? undefined : setDeleting(undefined))}
        title={`Delete storage configuration ${deleting ? labelOf(deleting) : ""}?`}
        description={
          <>
            <strong>{deleting ? labelOf(deleting) : ""}</strong> (bucket{" "}
            <code className="font-mono">{deleting?.s3?.bucketName}</code>) will be deleted; the bucket and its
            recordings stay. IVS refuses while a stage records to it or a running composition uses it.
          </>
        }
        confirmLabel="Delete storage configuration"
        action={() => remove.run({ arn: deleting?.arn ?? "" })}
        onDone={() => {
          if (deleting) toast.success(`Storage configuration ${labelOf(deleting)} deleted`);
        }}
      />
    </ResourceSection>
  );
}

/** One storage configuration as GetStorageConfiguration reports it now (the list's summary until it answers). */
function StorageDetails({
  context,
  summary,
  onClose,
}: {
  context: ConsoleContext;
  summary: Storage;
  onClose: () => void;
}) {
  const detail = useQuery(readQuery(context, "GetStorageConfiguration", { arn: summary.arn }, false));
  const storage = detail.data?.data.storageConfiguration ?? summary;
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={`Storage configuration ${labelOf(storage)}`}
      wide
    >
      <div className="space-y-4">
        {detail.error ? (
          <ErrorPanel title="Could not read the storage configuration" error={errorInfoOf(detail.error)} />
        ) : null}
        <DetailList
          items={[
            ["Name", storage.name || "(unnamed)"],
            ["ARN", <ArnValue key="arn" arn={storage.arn} label="storage configuration" />],
            [
              "S3 bucket",
              <code key="bucket" className="font-mono text-xs">
                {storage.s3?.bucketName ?? "—"}
              </code>,
            ],
          ]}
        />
        <TagsEditor context={context} resourceArn={storage.arn} resourceLabel={labelOf(storage)} />
        <div className="flex justify-end">
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    </Dialog>
  );
}
