import type { Metadata } from "next";
import { connection } from "next/server";
import { ErrorPanel } from "@/components/ui/error-panel";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { arnId, formatTags } from "@/lib/format";
import { attempt } from "@/server/ivs/attempt";
import { listAll } from "@/server/ivs/paginate";

export const metadata: Metadata = { title: "Public keys" };

export default async function PublicKeysPage() {
  await connection();
  const keys = await attempt(() => listAll("ListPublicKeys", {}));
  return (
    <>
      <PageHeader title="Public keys" description="Keys whose private halves sign your own participant tokens (ES384). Deleting a key revokes every token it signed." />
      {keys.ok ? (
        <SimpleTable caption="Public keys" rows={keys.data} rowKey={(k) => k.arn ?? k.name ?? ""}
          empty="No public keys imported (at most 3 per region)." columns={[
            { header: "Name", cell: (k) => k.name || <span className="text-room-300">(unnamed)</span> },
            { header: "Id", cell: (k) => <code className="font-mono text-xs">{k.arn ? arnId(k.arn) : "—"}</code> },
            { header: "Tags", cell: (k) => <span className="text-xs text-room-300">{formatTags(k.tags)}</span> },
          ]} />
      ) : <ErrorPanel title="Could not list public keys" error={keys.error} />}
    </>
  );
}
