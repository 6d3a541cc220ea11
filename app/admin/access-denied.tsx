import { ErrorPanel } from "@/components/ui/error-panel";
import { PageHeader } from "@/components/ui/page-header";
import { accessDeniedMessage, type ConsolePermission, type Role } from "@/lib/auth/roles";

/** What a signed-in user without the role sees on an admin page (the data is never read for them). */
export function AccessDenied({
  title,
  role,
  permission,
}: {
  title: string;
  role: Role;
  permission: ConsolePermission;
}) {
  return (
    <>
      <PageHeader title={title} />
      <ErrorPanel
        title="Only admins can open this page"
        error={{ code: "AccessDenied", message: accessDeniedMessage(role, permission), retryable: false }}
      />
    </>
  );
}
