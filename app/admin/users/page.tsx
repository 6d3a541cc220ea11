import type { Metadata } from "next";
import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/server/auth/request";
import { toListedUser, users } from "@/server/auth/users";
import { pageContext, type SearchParams } from "@/server/page-context";
import { AccessDenied } from "../access-denied";
import { UsersManager } from "./users-manager";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  await pageContext(searchParams);
  const user = await requirePageUser();
  if (!can(user.role, "ManageUsers")) return <AccessDenied title="Users" role={user.role} permission="ManageUsers" />;
  return (
    <>
      <PageHeader
        title="Users"
        description="Local accounts of this console. New accounts and password resets get a generated password, shown once: hand it over privately."
      />
      <UsersManager users={(await users().list()).map(toListedUser)} currentUserId={user.id} />
    </>
  );
}
