import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { getIvsTarget } from "@/server/ivs/config";
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
        <AppShell target={{ region: target.region, endpoint: target.endpoint, isEmulator: target.isEmulator }}>
          {children}
        </AppShell>
      </body>
    </html>
  );
}
