import { connection } from "next/server";
import Link from "next/link";
import { ErrorPanel } from "@/components/ui/error-panel";
import { PageHeader } from "@/components/ui/page-header";
import { attempt } from "@/server/ivs/attempt";
import { listAll } from "@/server/ivs/paginate";

function Stat({ label, value, href }: { label: string; value: number; href: string }) {
  return (
    <Link href={href} className="block rounded border border-room-700 bg-room-900 px-4 py-3 hover:border-room-500">
      <span className="block text-xs uppercase tracking-wide text-room-300">{label}</span>
      <span className="mt-1 block font-mono text-2xl text-room-100">{value}</span>
    </Link>
  );
}

export default async function OverviewPage() {
  await connection();
  const [stages, compositions] = await Promise.all([
    attempt(() => listAll("ListStages", { maxResults: 100 })),
    attempt(() => listAll("ListCompositions", {})),
  ]);
  const failure = !stages.ok ? stages.error : !compositions.ok ? compositions.error : undefined;
  return (
    <>
      <PageHeader title="Overview" description="What is live now in this region. The full control-room wall (participants, errors, auto-refresh) is the next milestone." />
      {failure ? (
        <ErrorPanel title="Could not reach IVS Real-Time" error={failure} />
      ) : stages.ok && compositions.ok ? (
        <div className="grid max-w-3xl grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="Stages" value={stages.data.length} href="/stages" />
          <Stat label="Live stages" value={stages.data.filter((s) => s.activeSessionId).length} href="/stages" />
          <Stat label="Compositions" value={compositions.data.length} href="/compositions" />
          <Stat label="Active compositions" value={compositions.data.filter((c) => c.state === "ACTIVE").length} href="/compositions" />
        </div>
      ) : null}
    </>
  );
}
