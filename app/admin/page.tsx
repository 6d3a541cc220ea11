import { redirect } from "next/navigation";
import { link } from "@/lib/routes";
import { pageContext, type SearchParams } from "@/server/page-context";

/** `/admin` → the users page (keeps the region context). */
export default async function AdminPage({ searchParams }: { searchParams: SearchParams }) {
  const context = await pageContext(searchParams);
  redirect(link(context, "/admin/users"));
}
