import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname, "."),
      // `server-only` throws outside a React Server Component bundle; unit tests run server code directly.
      "server-only": path.resolve(import.meta.dirname, "scripts/server-only-noop.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: [...configDefaults.exclude, "e2e/**", ".next/**"],
    environment: "node",
    testTimeout: 20_000,
  },
});
