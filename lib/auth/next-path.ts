// Zod-free on purpose: the role provider in every page's bundle uses `signInUrl`.
/**
 * Where to go after signing in: a path on this console only. Anything else (absolute URLs,
 * protocol-relative `//host`, backslash tricks, control characters, the sign-in page itself) becomes `/`.
 */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return "/";
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  let parsed: URL;
  try {
    parsed = new URL(raw, "http://console.invalid");
  } catch {
    return "/";
  }
  if (parsed.origin !== "http://console.invalid") return "/";
  if (parsed.pathname === "/sign-in" || parsed.pathname.startsWith("/sign-out")) return "/";
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** The sign-in URL that brings the user back to `path` afterwards. */
export function signInUrl(path: string): string {
  const next = safeNextPath(path);
  return next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
}
