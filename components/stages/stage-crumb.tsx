"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import { readQuery, slowPollMs } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";

/**
 * A breadcrumb link to a stage, by its name (GetStage through the shared read cache, polled slowly: a name
 * rarely changes); the stage id until the name is known, or when the stage has none.
 */
export function StageCrumb({ context, stageArn }: { context: ConsoleContext; stageArn: string }) {
  const stage = useQuery(readQuery(context, "GetStage", { arn: stageArn }, slowPollMs));
  const name = stage.data?.data.stage?.name;
  return (
    <Link href={link(context, routes.stage(stageArn))} className="text-accent hover:underline" title={stageArn}>
      Stage {name || arnId(stageArn)}
    </Link>
  );
}
