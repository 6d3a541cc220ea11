import "server-only";

type HeaderBag = Pick<Headers, "get">;

/**
 * CSRF defence for route handlers that change anything (Next checks server actions itself, but only warns
 * when a request has no Origin). Accepts a request only when the browser says it comes from this very site:
 * `Sec-Fetch-Site: same-origin` when present, and an `Origin` whose host is the host the request was sent
 * to (`X-Forwarded-Host` set by a proxy or by Next's own server, else `Host`). No Origin and no
 * Sec-Fetch-Site (not a modern browser's request) is refused too.
 */
export function isSameOriginRequest(requestHeaders: HeaderBag): boolean {
  const site = requestHeaders.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return false;
  const origin = requestHeaders.get("origin");
  if (origin === null || origin === "null") return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = requestHeaders.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || requestHeaders.get("host");
  return Boolean(host) && originHost.toLowerCase() === host?.toLowerCase();
}

export function crossSiteResponse(): Response {
  return Response.json(
    {
      error: {
        code: "CrossSiteRequest",
        message: "This request did not come from the console's own pages and was refused.",
        retryable: false,
      },
    },
    { status: 403, headers: { "cache-control": "no-store" } },
  );
}
