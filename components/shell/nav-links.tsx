"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useRole } from "@/components/auth/role-provider";
import { can, type Permission } from "@/lib/auth/roles";

const sections: readonly { href: string; label: string; needs?: Permission }[] = [
  { href: "/", label: "Overview" },
  { href: "/stages", label: "Stages" },
  { href: "/compositions", label: "Compositions" },
  { href: "/configurations", label: "Configurations" },
  { href: "/public-keys", label: "Public keys" },
  { href: "/designer", label: "Designer" },
  { href: "/find-user", label: "Find a user" },
  // Admin only: hidden from other roles (the pages refuse them regardless).
  { href: "/admin/users", label: "Users", needs: "ManageUsers" },
  { href: "/audit", label: "Audit", needs: "ViewAudit" },
];

function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks() {
  const pathname = usePathname();
  const params = useSearchParams();
  const role = useRole();
  const carried = new URLSearchParams();
  for (const key of ["region", "profile"]) {
    const value = params.get(key);
    if (value) carried.set(key, value);
  }
  const query = carried.toString() ? `?${carried.toString()}` : "";
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5 px-2">
      {sections
        .filter(({ needs }) => !needs || can(role, needs))
        .map(({ href, label }) => {
          const current = isCurrent(pathname, href);
          return (
            <Link
              key={href}
              href={`${href}${query}`}
              aria-current={current ? "page" : undefined}
              className={`rounded px-3 py-2 text-sm ${
                current
                  ? "bg-room-800 font-medium text-room-100"
                  : "text-room-300 hover:bg-room-850 hover:text-room-100"
              }`}
            >
              {label}
            </Link>
          );
        })}
    </nav>
  );
}
