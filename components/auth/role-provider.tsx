"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, use, useEffect, type ReactNode } from "react";
import { ReadError } from "@/lib/api/reads";
import { signInUrl } from "@/lib/auth/next-path";
import { can, type Permission, type Role } from "@/lib/auth/roles";

/** Who is signed in, as the browser knows it: a name and a role (nothing secret). Fed by the root layout. */
export interface SignedInUser {
  readonly username: string;
  readonly role: Role;
}

const UserContext = createContext<SignedInUser | null>(null);

/**
 * When a polled read answers 401 (the session ended: idle or absolute timeout, sign-out elsewhere, account
 * disabled), go to the sign-in page, which brings the user back here afterwards.
 */
function useSignInOnExpiry(active: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!active) return;
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.action.type !== "error") return;
      const error = event.action.error;
      if (error instanceof ReadError && error.status === 401) {
        window.location.assign(signInUrl(`${window.location.pathname}${window.location.search}`));
      }
    });
  }, [active, queryClient]);
}

export function RoleProvider({ user, children }: { user: SignedInUser | null; children: ReactNode }) {
  useSignInOnExpiry(user !== null);
  return <UserContext value={user}>{children}</UserContext>;
}

export function useUser(): SignedInUser | null {
  return use(UserContext);
}

export function useRole(): Role | undefined {
  return use(UserContext)?.role;
}

/** May the signed-in user do this? (The server checks again regardless.) */
export function useCan(permission: Permission): boolean {
  return can(useRole(), permission);
}
