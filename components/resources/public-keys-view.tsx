"use client";

import { Can } from "@/components/auth/can";
import { DeferredDialog } from "@/components/ui/deferred-dialog";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { deletePublicKeyAction } from "@/app/actions/public-keys";
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
import { TagsEditor } from "./tags-editor";

type PublicKey = ListItem<"ListPublicKeys">;

/** Public keys per region: 3, not adjustable (api §6.2). */
export const PUBLIC_KEY_QUOTA = 3;

export function PublicKeysView({
  context,
  initial,
}: {
  context: ConsoleContext;
  initial: Result<AllPages<PublicKey>>;
}) {
  const queryClient = useQueryClient();
  const remove = useIvsAction(context, deletePublicKeyAction);
  const list = useAllPages(context, "ListPublicKeys", {}, { pollMs: slowPollMs, initialData: okData(initial) });
  const items = (list.data?.items ?? []).filter((key): key is PublicKey & { arn: string } => Boolean(key.arn));
  // The summary has no fingerprint: one GetPublicKey per key (at most 3), kept for good (a key never changes).
  const details = useQueries({
    queries: items.map((key) => ({
      ...readQuery(context, "GetPublicKey", { arn: key.arn }, false),
      staleTime: Infinity,
    })),
  });
  const detailOf = new Map(items.map((key, index) => [key.arn, details[index]]));
  const [shownArn, setShownArn] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<PublicKey & { arn: string }>();
  const shown = items.find((key) => key.arn === shownArn);
  const shownDetail = shown ? detailOf.get(shown.arn)?.data?.data.publicKey : undefined;

  const fingerprint = (arn: string) => {
    const detail = detailOf.get(arn);
    const value = detail?.data?.data.publicKey?.fingerprint;
    if (value) return <code className="font-mono text-xs">{value}</code>;
    if (detail?.error) return <span className="text-xs text-room-300">unavailable</span>;
    return <CellSkeleton label="Loading fingerprint…" />;
  };

  return (
    <ResourceSection
      id="public-keys"
      title="Keys"
      description="IVS checks self-signed participant tokens (ES384 JWTs whose kid header is a key's ARN) against these keys. Keys do not expire."
      status={
        list.data
          ? `${items.length} of ${PUBLIC_KEY_QUOTA} keys in this region (the limit is 3 per region and cannot be raised).`
          : undefined
      }
      freshness={{ fetchedAt: list.data?.fetchedAt, degraded: list.data?.degraded, error: list.error }}
      action={
        <Can perform="ImportPublicKey">
          <DeferredDialog
            label="Import public key"
            load={() => import("./import-public-key-dialog").then((m) => m.ImportPublicKeyDialog)}
            props={{ context, atQuota: items.length >= PUBLIC_KEY_QUOTA }}
          />
        </Can>
      }
    >
      <ResourceTable
        caption="Public keys"
        query={list}
        initialError={initial.ok ? undefined : initial.error}
        rowKey={(key) => key.arn ?? key.name ?? ""}
        empty="No public keys imported. Import the public half of an ECDSA P-384 key pair to sign participant tokens on your own servers."
        columns={[
          { header: "Name", cell: (key) => key.name || <span className="text-room-300">(unnamed)</span> },
          { header: "Id", cell: (key) => <code className="font-mono text-xs">{key.arn ? arnId(key.arn) : "—"}</code> },
          { header: "Fingerprint", cell: (key) => (key.arn ? fingerprint(key.arn) : "—") },
          { header: "Tags", cell: (key) => <TagsText tags={key.tags} /> },
          {
            header: "Actions",
            className: "text-right",
            cell: (key) =>
              key.arn ? (
                <RowActions
                  label={labelOf(key)}
                  deleteNeeds="DeletePublicKey"
                  onDetails={() => setShownArn(key.arn)}
                  onDelete={() => setDeleting(items.find((item) => item.arn === key.arn))}
                />
              ) : null,
          },
        ]}
      />
      {shown ? (
        <Dialog
          open
          onOpenChange={(open) => (open ? undefined : setShownArn(undefined))}
          title={`Public key ${labelOf(shown)}`}
          wide
        >
          <div className="space-y-4">
            <DetailList
              items={[
                ["Name", shown.name || "(unnamed)"],
                ["ARN", <ArnValue key="arn" arn={shown.arn} label="public key" />],
                ["Fingerprint", fingerprint(shown.arn)],
                [
                  "Key",
                  shownDetail?.publicKeyMaterial ? (
                    <pre key="pem" className="overflow-x-auto rounded bg-room-950 p-2 font-mono text-xs text-room-100">
                      {shownDetail.publicKeyMaterial.trim()}
                    </pre>
                  ) : (
                    "—"
                  ),
                ],
              ]}
            />
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
        title={`Delete public key ${deleting ? labelOf(deleting) : ""}?`}
        description={
          <>
            <strong className="text-live">
              Every participant token signed with {deleting ? labelOf(deleting) : "this key"} stops working
            </strong>
            , including tokens already handed out: participants using them can no longer join. Tokens from
            CreateParticipantToken are not affected. This cannot be undone.
          </>
        }
        confirmLabel="Delete public key"
        action={() => remove.run({ arn: deleting?.arn ?? "" })}
        onDone={() => {
          if (!deleting) return;
          toast.success(`Public key ${labelOf(deleting)} deleted`);
          queryClient.removeQueries({ queryKey: ivsKeys.read(context, "GetPublicKey", { arn: deleting.arn }) });
        }}
      />
    </ResourceSection>
  );
}
