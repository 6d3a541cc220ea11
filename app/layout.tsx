import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { RoleProvider } from "@/components/auth/role-provider";
import { Providers } from "@/components/providers";
import { AppShell } from "@/components/shell/app-shell";
import { preferencesKey } from "@/components/ui/preferences-key";
import { currentUser } from "@/server/auth/request";
import { defaultIvsRegion, getIvsTarget } from "@/server/ivs/config";
import { listAwsProfiles } from "@/server/ivs/profiles";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Control Room · IVS Real-Time", template: "%s · Control Room" },
  description: "Operator console for Amazon IVS Real-Time stages, sessions, participants and compositions.",
};

/**
 * Applies a pinned theme (Light or Dark, stored by the preferences menu) before the first paint, so the page
 * does not flash the other theme; "System" needs nothing (globals.css follows `prefers-color-scheme`).
 */
const themeScript = `try{var t=JSON.parse(localStorage.getItem(${JSON.stringify(preferencesKey)})||"{}").state.theme;if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;

/**
 * Signed in: the console shell, with the user's name and role for the user menu, the nav and `<Can>`.
 * Signed out: the bare page (the sign-in form; every other page redirects there on its own).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const target = getIvsTarget();
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The pre-paint script may set data-theme before React hydrates: not a mismatch worth a warning.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen antialiased">
        <Providers>
          <RoleProvider user={user ? { username: user.username, role: user.role } : null}>
            {user ? (
              <AppShell
                target={{
                  defaultRegion: defaultIvsRegion(),
                  endpointOverride: target.isEmulator ? target.endpoint : undefined,
                  profiles: listAwsProfiles(),
                }}
                user={{ username: user.username, role: user.role }}
              >
                {children}
              </AppShell>
            ) : (
              <main id="main" className="flex min-h-screen items-center justify-center px-6 py-10">
                {children}
              </main>
            )}
          </RoleProvider>
        </Providers>
      </body>
    </html>
  );
}
