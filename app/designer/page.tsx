import type { Metadata } from "next";
import { connection } from "next/server";
import { Designer } from "@/components/designer/designer";
import { PageHeader } from "@/components/ui/page-header";
import { arnPattern } from "@/lib/ivs/patterns";
import { attempt } from "@/server/ivs/attempt";
import { readAllPages } from "@/server/ivs/read-all";
import { presetStore } from "@/server/db/presets";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Composition designer" };

const stagePattern = arnPattern("stage");

/** `/designer?region=…&stage=<arn>`: design a layout on a stage's live participants, then start the composition. */
export default async function DesignerPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const context = await pageContext(searchParams);
  const params = await searchParams;
  const raw = Array.isArray(params.stage) ? params.stage[0] : params.stage;
  // A stage ARN of another region (left over after switching region) is dropped.
  const stageArn = raw && stagePattern.test(raw) && raw.split(":")[3] === context.region ? raw : undefined;
  const [stages, encoders, storages] = await Promise.all([
    attempt(() => readAllPages(context, "ListStages", { maxResults: 100 })),
    attempt(() => readAllPages(context, "ListEncoderConfigurations", {})),
    attempt(() => readAllPages(context, "ListStorageConfigurations", {})),
  ]);
  let presets: Awaited<ReturnType<typeof presetStore.list>> = [];
  try {
    presets = await presetStore.list();
  } catch (error) {
    console.error("designer: could not read layout presets:", error instanceof Error ? error.message : error);
  }
  return (
    <>
      <PageHeader
        title="Composition designer"
        description="Design a grid or picture-in-picture layout on a stage's real participants, check it, and start a composition to an IVS channel and/or an S3 recording."
      />
      <Designer
        context={context}
        initialPresets={presets}
        {...(stageArn ? { initialStageArn: stageArn } : {})}
        {...(stages.ok ? { initialStages: stages.data } : {})}
        {...(encoders.ok ? { initialEncoders: encoders.data } : {})}
        {...(storages.ok ? { initialStorages: storages.data } : {})}
      />
    </>
  );
}
