import type { Metadata } from "next";
import { FindUserView, type FindUserSearch } from "@/components/troubleshoot/find-user-view";
import { PageHeader } from "@/components/ui/page-header";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Find a user" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `/find-user?userId=…&stage=<arn>&depth=10`: every session a user id appeared in, with how it went. */
export default async function FindUserPage({ searchParams }: { searchParams: SearchParams }) {
  const context = await pageContext(searchParams);
  const params = await searchParams;
  const userId = first(params.userId)?.trim().slice(0, 128);
  const stage = first(params.stage);
  const depth = Number(first(params.depth) ?? 10);
  const search: FindUserSearch | undefined = userId
    ? { userId, ...(stage && stage.startsWith("arn:") ? { stageArn: stage } : {}), depth: Number.isInteger(depth) && depth >= 0 && depth <= 1000 ? depth : 10 }
    : undefined;
  return (
    <div>
      <PageHeader title="Find a user" description="Search a user id across the sessions of one stage or of every stage, and see each appearance's outcome: joined, published, errors." />
      <FindUserView key={JSON.stringify(search ?? {})} context={context} {...(search ? { search } : {})} />
    </div>
  );
}
