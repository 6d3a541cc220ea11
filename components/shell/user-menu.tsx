import type { SignedInUser } from "@/components/auth/role-provider";
import { roleDescriptions, roleLabels } from "@/lib/auth/roles";

/**
 * Who is signed in, their role, and Sign out (a plain form POST to /sign-out: works without JavaScript, and
 * the full page load that follows drops every cached answer in the browser).
 */
export function UserMenu({ user }: { user: SignedInUser }) {
  return (
    <section aria-label="Signed-in user" className="text-xs">
      <p className="truncate text-sm text-room-100" title={user.username}>
        <span className="sr-only">Signed in as </span>
        {user.username}
      </p>
      <p className="mt-0.5 text-room-300">
        <span className="sr-only">Role: </span>
        <span
          data-testid="user-role"
          title={roleDescriptions[user.role]}
          className="rounded border border-room-700 px-1.5 py-px font-medium text-room-100"
        >
          {roleLabels[user.role]}
        </span>
      </p>
      <form action="/sign-out" method="post" className="mt-2">
        <button type="submit" className="rounded border border-room-700 px-2 py-1 text-room-100 hover:border-room-500">
          Sign out
        </button>
      </form>
    </section>
  );
}
