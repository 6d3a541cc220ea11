import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/auth/next-path";
import { currentUser } from "@/server/auth/request";
import type { SearchParams } from "@/server/page-context";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The one page without a signed-in user. Already signed in: straight on to where the user was going. */
export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  if (await currentUser()) redirect(next);
  const signedOut = first(params["signed-out"]) === "1";
  return (
    <div className="w-full max-w-sm">
      <div className="mb-6 flex items-center gap-2">
        <span
          aria-hidden
          className="inline-block h-2.5 w-2.5 rounded-full bg-live shadow-[0_0_8px_var(--color-live)]"
        />
        <span className="text-sm font-semibold tracking-wide text-room-100">CONTROL ROOM</span>
      </div>
      <h1 className="mb-1 text-xl font-semibold text-room-100">Sign in</h1>
      <p className="mb-5 text-sm text-room-300">
        Amazon IVS Real-Time operator console. Accounts are created by an admin.
      </p>
      {signedOut ? (
        <p role="status" className="mb-4 rounded border border-room-700 bg-room-900 px-3 py-2 text-sm text-room-100">
          You are signed out.
        </p>
      ) : null}
      <SignInForm next={next} />
    </div>
  );
}
