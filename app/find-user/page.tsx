import type { Metadata } from "next";
import { FindUserView, type FindUserSearch } from "@/components/troubleshoot/find-user-view";
import { PageHeader } from "@/components/ui/page-header";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Find a user" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `/find-user?userId=…&stage=<arn>`: every observed session a user id (or part of one) appeared in, with how it went. */
export default async function FindUserPage({ searchParams }: { searchParams: SearchParams }) {
  const context = await pageContext(searchParams);
  const params = await searchParams;
  const userId = first(params.userId)?.trim().slice(0, 128);
  const stage = first(params.stage);
  const search: FindUserSearch | undefined = userId
    ? { userId, ...(stage && stage.startsWith("arn:") ? { stageArn: stage } : {}) }
    : undefined;
  return (
    <div>
      <PageHeader
        title="Find a user"
        description="Search a user id, or part of one, across the observed sessions of one stage or of every stage, and see each appearance's outcome: joined, published, errors."
      />
      <FindUserView key={JSON.stringify(search ?? {})} context={context} {...(search ? { search } : {})} />
    </div>
  );
}
