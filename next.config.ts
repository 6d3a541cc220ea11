import type { NextConfig } from "next";
import { staticSecurityHeaders } from "./lib/auth/csp";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3"],
  // The build checks the app's own code; tests, benchmarks and the emulator are checked by `tsc --noEmit` in CI.
  // `npm start` skips it (CONSOLE_BUILD_SKIP_TYPECHECK=1) to get a newcomer running sooner.
  typescript: {
    tsconfigPath: "tsconfig.build.json",
    ignoreBuildErrors: process.env.CONSOLE_BUILD_SKIP_TYPECHECK === "1",
  },
  reactStrictMode: true,
  // Parallel local test runs may build into separate folders (e.g. NEXT_DIST_DIR=.next-e2e-2).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Server actions keep Next's own Origin/Host check: no `experimental.serverActions.allowedOrigins` on purpose.
  async headers() {
    // On every answer, including static assets (the per-request CSP with its nonce comes from proxy.ts).
    return [{ source: "/:path*", headers: [...staticSecurityHeaders] }];
  },
};

export default nextConfig;
