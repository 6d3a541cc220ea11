/**
 * The Content-Security-Policy of every page (built per request in proxy.ts, with a fresh nonce). Next.js finds
 * the nonce in the request's CSP header and puts it on its own scripts; 'strict-dynamic' lets those load the
 * page's chunks. Styles allow inline attributes (React, Radix and the toaster set element styles); scripts do not.
 */
export function contentSecurityPolicy({
  nonce,
  dev = false,
  https = false,
}: {
  nonce: string;
  dev?: boolean;
  https?: boolean;
}): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Headers every answer carries (next.config.ts), whether or not proxy.ts ran. */
export const staticSecurityHeaders: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Permissions-Policy",
    value:
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), display-capture=(), interest-cohort=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
