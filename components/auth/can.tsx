"use client";

import type { ReactNode } from "react";
import type { Permission } from "@/lib/auth/roles";
import { useCan } from "./role-provider";

/**
 * Renders its children only when the signed-in user's role allows `perform` (an IVS operation such as
 * "DeleteStage", or a console permission such as "RevealStreamKey"); otherwise `fallback` (default nothing).
 * This only hides controls: the server refuses the action regardless (`runIvsMutation`).
 */
export function Can({
  perform,
  children,
  fallback = null,
}: {
  perform: Permission;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  return useCan(perform) ? children : fallback;
}
