import type { Metadata } from "next";
import { connection } from "next/server";
import { StateBadge } from "@/components/badges/live-badge";
import { ErrorPanel } from "@/components/ui/error-panel";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { arnId, formatTags } from "@/lib/format";
import { attempt } from "@/server/ivs/attempt";
import { listAll } from "@/server/ivs/paginate";

export const metadata: Metadata = { title: "Configurations" };

const idCell = (row: { arn: string }) => <code className="font-mono text-xs">{arnId(row.arn)}</code>;
const nameCell = (row: { name?: string }) => row.name || <span className="text-room-300">(unnamed)</span>;

export default async function ConfigurationsPage() {
  await connection();
  const [encoders, storage, ingest] = await Promise.all([
    attempt(() => listAll("ListEncoderConfigurations", {})),
    attempt(() => listAll("ListStorageConfigurations", {})),
    attempt(() => listAll("ListIngestConfigurations", {})),
  ]);
  return (
    <>
      <PageHeader title="Configurations" description="Encoder, storage and ingest configurations used by compositions, recordings and RTMP publishers." />
      <section aria-labelledby="encoders" className="mb-8">
        <h2 id="encoders" className="mb-2 text-sm font-semibold text-room-100">Encoder configurations</h2>
        {encoders.ok ? (
          <SimpleTable caption="Encoder configurations" rows={encoders.data} rowKey={(r) => r.arn}
            empty="No encoder configurations." columns={[
              { header: "Name", cell: nameCell }, { header: "Id", cell: idCell },
              { header: "Tags", cell: (r) => <span className="text-xs text-room-300">{formatTags(r.tags)}</span> },
            ]} />
        ) : <ErrorPanel title="Could not list encoder configurations" error={encoders.error} />}
      </section>
      <section aria-labelledby="storage" className="mb-8">
        <h2 id="storage" className="mb-2 text-sm font-semibold text-room-100">Storage configurations</h2>
        {storage.ok ? (
          <SimpleTable caption="Storage configurations" rows={storage.data} rowKey={(r) => r.arn}
            empty="No storage configurations." columns={[
              { header: "Name", cell: nameCell }, { header: "Id", cell: idCell },
              { header: "S3 bucket", cell: (r) => <code className="font-mono text-xs">{r.s3?.bucketName ?? "—"}</code> },
            ]} />
        ) : <ErrorPanel title="Could not list storage configurations" error={storage.error} />}
      </section>
      <section aria-labelledby="ingest">
        <h2 id="ingest" className="mb-2 text-sm font-semibold text-room-100">Ingest configurations</h2>
        {ingest.ok ? (
          <SimpleTable caption="Ingest configurations" rows={ingest.data} rowKey={(r) => r.arn}
            empty="No ingest configurations." columns={[
              { header: "Name", cell: nameCell }, { header: "Id", cell: idCell },
              { header: "Protocol", cell: (r) => r.ingestProtocol },
              { header: "Stage", cell: (r) => (r.stageArn ? <code className="font-mono text-xs">{arnId(r.stageArn)}</code> : "detached") },
              { header: "State", cell: (r) => <StateBadge state={r.state} /> },
            ]} />
        ) : <ErrorPanel title="Could not list ingest configurations" error={ingest.error} />}
      </section>
    </>
  );
}
