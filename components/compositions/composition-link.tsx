import Link from "next/link";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import { link, routes } from "@/lib/routes";

/** A composition's id, linked to its page: the first cell of every composition table. */
export function CompositionLink({ context, arn }: { context: ConsoleContext; arn: string }) {
  return (
    <Link href={link(context, routes.composition(arn))} className="font-mono text-xs text-accent hover:underline">
      {arnId(arn)}
    </Link>
  );
}
