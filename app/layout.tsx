import type { Metadata } from "next";
import type { ReactNode } from "react";
import { RoleProvider } from "@/components/auth/role-provider";
import { Providers } from "@/components/providers";
import { AppShell } from "@/components/shell/app-shell";
import { currentUser } from "@/server/auth/request";
import { defaultIvsRegion, getIvsTarget } from "@/server/ivs/config";
import { listAwsProfiles } from "@/server/ivs/profiles";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Control Room · IVS Real-Time", template: "%s · Control Room" },
  description: "Operator console for Amazon IVS Real-Time stages, sessions, participants and compositions.",
};

/**
 * Signed in: the console shell, with the user's name and role for the user menu, the nav and `<Can>`.
 * Signed out: the bare page (the sign-in form; every other page redirects there on its own).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const target = getIvsTarget();
  return (
    <html lang="en" className="dark">
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
