import type { ReactNode } from "react";
import { NavLinks } from "./nav-links";

export interface ShellTarget {
  readonly region: string;
  readonly endpoint: string;
  readonly isEmulator: boolean;
}

export function AppShell({ target, children }: { target: ShellTarget; children: ReactNode }) {
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
          <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full bg-live shadow-[0_0_8px_var(--color-live)]" />
          <span className="text-sm font-semibold tracking-wide text-room-100">CONTROL ROOM</span>
        </div>
        <NavLinks />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between gap-4 border-b border-room-700 bg-room-900 px-6 py-3">
          <p className="text-sm text-room-300">Amazon IVS Real-Time</p>
          <dl className="flex items-center gap-4 text-xs" aria-label="Connection">
            <div className="flex items-center gap-1.5">
              <dt className="text-room-300">Region</dt>
              <dd className="rounded bg-room-800 px-2 py-0.5 font-mono text-room-100" data-testid="region">
                {target.region}
              </dd>
            </div>
            <div className="flex items-center gap-1.5">
              <dt className="text-room-300">Endpoint</dt>
              <dd
                className={`rounded px-2 py-0.5 font-mono ${target.isEmulator ? "bg-warn/15 text-warn" : "bg-ok/15 text-ok"}`}
                title={target.endpoint}
                data-testid="endpoint"
              >
                {target.isEmulator ? "Emulator" : "AWS"} · {target.endpoint}
              </dd>
            </div>
          </dl>
        </header>
        <main id="main" className="flex-1 px-6 py-6">
          {children}
        </main>
      </div>
    </div>
  );
}
