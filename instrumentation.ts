/**
 * Runs once when a console server starts. On first start it creates the first admin account and, when no
 * CONSOLE_ADMIN_PASSWORD is set, prints a generated password on this process's stdout — once, never again.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ensureFirstAdmin } = await import("./server/auth/bootstrap");
  await ensureFirstAdmin();
}
