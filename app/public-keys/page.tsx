import type { Metadata } from "next";
import { connection } from "next/server";
import { PublicKeysView } from "@/components/resources/public-keys-view";
import { PageHeader } from "@/components/ui/page-header";
import { attempt } from "@/server/ivs/attempt";
import { readAllPages } from "@/server/ivs/read-all";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Public keys" };

export default async function PublicKeysPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const context = await pageContext(searchParams);
  const keys = await attempt(() => readAllPages(context, "ListPublicKeys", {}));
  return (
    <>
      <PageHeader
        title="Public keys"
        description="Keys whose private halves sign your own participant tokens (ES384). Deleting a key revokes every token it signed."
      />
      <PublicKeysView context={context} initial={keys} />
    </>
  );
}
