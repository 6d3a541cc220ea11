import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3"],
  reactStrictMode: true,
  // Parallel local test runs may build into separate folders (e.g. NEXT_DIST_DIR=.next-e2e-2).
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
