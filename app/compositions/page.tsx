import type { Metadata } from "next";
import { connection } from "next/server";
import { StateBadge } from "@/components/badges/live-badge";
import { ErrorPanel } from "@/components/ui/error-panel";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { arnId } from "@/lib/format";
import { attempt } from "@/server/ivs/attempt";
import { listAll } from "@/server/ivs/paginate";

export const metadata: Metadata = { title: "Compositions" };

export default async function CompositionsPage() {
  await connection();
  const compositions = await attempt(() => listAll("ListCompositions", {}));
  return (
    <>
      <PageHeader title="Compositions" description="Server-side compositions: what each stage sends to a channel or records to S3." />
      {compositions.ok ? (
        <SimpleTable
          caption="Compositions"
          rows={compositions.data}
          rowKey={(c) => c.arn}
          empty="No compositions are running. The layout designer that starts them arrives in a later release."
          columns={[
            { header: "Composition", cell: (c) => <code className="font-mono text-xs">{arnId(c.arn)}</code> },
            { header: "Stage", cell: (c) => <code className="font-mono text-xs">{arnId(c.stageArn)}</code> },
            { header: "State", cell: (c) => <StateBadge state={c.state} /> },
            {
              header: "Destinations",
              cell: (c) => (
                <span className="flex gap-1">
                  {c.destinations.map((d) => (
                    <StateBadge key={d.id} state={d.state} />
                  ))}
                </span>
              ),
            },
            { header: "Started", cell: (c) => <time className="font-mono text-xs">{c.startTime ?? "—"}</time> },
          ]}
        />
      ) : (
        <ErrorPanel title="Could not list compositions" error={compositions.error} />
      )}
    </>
  );
}
