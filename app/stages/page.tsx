import type { Metadata } from "next";
import { connection } from "next/server";
import { LiveBadge } from "@/components/badges/live-badge";
import { ErrorPanel } from "@/components/ui/error-panel";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { arnId, formatTags } from "@/lib/format";
import { attempt } from "@/server/ivs/attempt";
import { listAll } from "@/server/ivs/paginate";

export const metadata: Metadata = { title: "Stages" };

export default async function StagesPage() {
  await connection();
  const stages = await attempt(() => listAll("ListStages", { maxResults: 100 }));
  return (
    <>
      <PageHeader title="Stages" description="Every stage in this account and region, with the ones live right now marked." />
      {stages.ok ? (
        <SimpleTable
          caption="Stages"
          rows={stages.data}
          rowKey={(stage) => stage.arn}
          empty="No stages in this region yet. Create one with the IVS API or, soon, from this console."
          columns={[
            { header: "Name", cell: (stage) => stage.name || <span className="text-room-300">(unnamed)</span> },
            { header: "Stage id", cell: (stage) => <code className="font-mono text-xs">{arnId(stage.arn)}</code> },
            { header: "Status", cell: (stage) => <LiveBadge live={Boolean(stage.activeSessionId)} /> },
            { header: "Tags", cell: (stage) => <span className="text-xs text-room-300">{formatTags(stage.tags)}</span> },
          ]}
        />
      ) : (
        <ErrorPanel title="Could not list stages" error={stages.error} />
      )}
    </>
  );
}
