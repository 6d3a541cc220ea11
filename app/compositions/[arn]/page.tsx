import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { CompositionDetail } from "@/components/compositions/composition-detail";
import { ErrorPanel } from "@/components/ui/error-panel";
import { arnId } from "@/lib/format";
import { arnParam, link, routes } from "@/lib/routes";
import { attempt } from "@/server/ivs/attempt";
import { upstream } from "@/server/ivs/upstream";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Composition" };

export default async function CompositionPage({
  params,
  searchParams,
}: {
  params: Promise<{ arn: string }>;
  searchParams: SearchParams;
}) {
  await connection();
  const context = await pageContext(searchParams);
  const compositionArn = arnParam((await params).arn);
  const composition = await attempt(() => upstream().read("GetComposition", { arn: compositionArn }, context));
  if (!composition.ok) {
    const missing = composition.error.code === "ResourceNotFoundException";
    return (
      <div className="max-w-2xl space-y-3">
        <h1 className="text-xl font-semibold">
          Composition <span className="font-mono">{arnId(compositionArn)}</span>
        </h1>
        <ErrorPanel
          title={missing ? "This composition does not exist (any more)" : "Could not load the composition"}
          error={composition.error}
        />
        {missing ? (
          <p className="text-sm text-room-300">
            IVS deletes stopped and failed compositions a few minutes after they end. Check the region, or go back to
            the{" "}
            <Link href={link(context, routes.compositions())} className="text-accent hover:underline">
              composition list
            </Link>
            .
          </p>
        ) : null}
      </div>
    );
  }
  return <CompositionDetail context={context} compositionArn={compositionArn} initial={composition.data} />;
}
