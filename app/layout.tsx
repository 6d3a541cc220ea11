import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { AppShell } from "@/components/shell/app-shell";
import { defaultIvsRegion, getIvsTarget } from "@/server/ivs/config";
import { listAwsProfiles } from "@/server/ivs/profiles";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Control Room · IVS Real-Time", template: "%s · Control Room" },
  description: "Operator console for Amazon IVS Real-Time stages, sessions, participants and compositions.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const target = getIvsTarget();
  return (
    <html lang="en" className="dark">
      <body className="min-h-screen antialiased">
        <Providers>
          <AppShell
            target={{
              defaultRegion: defaultIvsRegion(),
              endpointOverride: target.isEmulator ? target.endpoint : undefined,
              profiles: listAwsProfiles(),
            }}
          >
            {children}
          </AppShell>
        </Providers>
      </body>
    </html>
  );
}
