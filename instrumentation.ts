/**
 * Runs once when a console server starts. First it checks the environment (server/env.ts): a bad value stops the
 * process with a message naming the variable (exit 1). On first start it creates the first admin account and, when no
 * CONSOLE_ADMIN_PASSWORD is set, prints a generated password on this process's stdout — once, never again.
 * Then it starts the observation pipeline (the collector that keeps live sessions read into the store).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkEnv } = await import("./server/env");
  checkEnv();
  const { ensureFirstAdmin } = await import("./server/auth/bootstrap");
  await ensureFirstAdmin();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startObservation } = await import("./server/observe/runtime");
  startObservation();
}
