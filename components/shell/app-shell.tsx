import { Suspense, type ReactNode } from "react";
import { AlertBadge } from "@/components/alerts/alert-badge";
import { LiveUpdates } from "@/components/live/live-updates";
import { CommandPalette } from "@/components/palette/command-palette";
import type { SignedInUser } from "@/components/auth/role-provider";
import { ContextSwitcher, type ShellTarget } from "./context-switcher";
import { NavLinks } from "./nav-links";
import { PreferencesSlot } from "./preferences-slot";
import { UserMenu } from "./user-menu";

export function AppShell({ target, user, children }: { target: ShellTarget; user: SignedInUser; children: ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-room-800 focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="flex w-56 shrink-0 flex-col border-r border-room-700 bg-room-900">
        <div className="flex items-center gap-2 px-4 py-4">
          <span
            aria-hidden
            className="inline-block h-2.5 w-2.5 rounded-full bg-live shadow-[0_0_8px_var(--color-live)]"
          />
          <span className="text-sm font-semibold tracking-wide text-room-100">CONTROL ROOM</span>
        </div>
        <Suspense>
          <NavLinks />
        </Suspense>
        <div className="mt-auto border-t border-room-700 px-4 py-3">
          <PreferencesSlot />
        </div>
        <div className="border-t border-room-700 px-4 py-3">
          <UserMenu user={user} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-room-700 bg-room-900 px-6 py-2.5">
          <div className="flex items-center gap-4">
            <p className="whitespace-nowrap text-sm text-room-300">Amazon IVS Real-Time</p>
            <Suspense>
              <CommandPalette defaultRegion={target.defaultRegion} />
            </Suspense>
          </div>
          <div className="flex items-center gap-4">
            <Suspense>
              <AlertBadge defaultRegion={target.defaultRegion} />
            </Suspense>
            <Suspense>
              <LiveUpdates defaultRegion={target.defaultRegion} />
            </Suspense>
            <Suspense>
              <ContextSwitcher target={target} />
            </Suspense>
          </div>
        </header>
        <main id="main" className="flex-1 px-6 py-6">
          {children}
        </main>
      </div>
    </div>
  );
}
