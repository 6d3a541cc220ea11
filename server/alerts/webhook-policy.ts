import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { SaveWebhookInput as WebhookShape } from "@/lib/alerts/webhook-input";
import { env } from "@/server/env";

/**
 * Where alert webhooks may point (against server-side request forgery): the console POSTs to admin-given URLs
 * from inside its network, so by default it refuses loopback, private, link-local (cloud metadata at
 * 169.254.169.254), shared, multicast and reserved addresses. The URL's shape (http/https, no credentials) is
 * checked in `lib/alerts/webhook-input.ts`; the address here:
 * - as written (the save shape `SaveWebhookInput`): a literal private address or a local name (`localhost`,
 *   `*.local`, `*.internal`…) is refused;
 * - as resolved (`webhookTargetProblem`), at save and again at every delivery: every address the name resolves
 *   to must be public, so a name that was public when saved and points inside later (DNS rebinding) is refused.
 * `CONSOLE_WEBHOOK_ALLOW_PRIVATE=1` allows private and loopback receivers (local tests, `npm start`'s demo, a
 * receiver inside your own network); it is read here and nowhere else. Plain http:// is only ever allowed to
 * such an address: anything public needs https://.
 */

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud instance metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96], // NAT64
  ["100::", 64], // discard
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(network, prefix, "ipv6");

const localNames = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)$/i;

/** Is this address one a webhook may not reach without the setting? */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 0) return false;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d, written ::ffff:7f00:1 by URL): never needed for a webhook, and it would hide
  // the IPv4 rules, so it is refused whatever it maps to.
  if (family === 6 && /^(0{0,4}:){0,5}:?ffff:/i.test(bare)) return true;
  return blocked.check(bare, family === 4 ? "ipv4" : "ipv6");
}

/** CONSOLE_WEBHOOK_ALLOW_PRIVATE=1: private and loopback receivers are allowed (validated with the rest in server/env.ts). */
export function allowPrivateWebhooks(): boolean {
  return env().CONSOLE_WEBHOOK_ALLOW_PRIVATE;
}

const privateRefusal =
  "This address is on a private, loopback or link-local network, which webhooks may not reach (set CONSOLE_WEBHOOK_ALLOW_PRIVATE=1 on the console to allow it).";
const httpRefusal = "Use https:// — plain http:// is only allowed to a private or loopback receiver.";

/** The save-time check of a URL whose shape is valid: its host as written (no DNS). */
export function webhookHostProblem(text: string, allowPrivate = allowPrivateWebhooks()): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined; // the shape check says why
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const local = isIP(host) ? isPrivateAddress(host) : localNames.test(host) || !host.includes(".");
  if (local && !allowPrivate) return privateRefusal;
  if (url.protocol === "http:" && !local) return httpRefusal;
  return undefined;
}

/**
 * The delivery-time check: resolves the host and refuses when any of its addresses is private (unless allowed),
 * or when it does not resolve. Returns why, or undefined to go ahead.
 */
export async function webhookTargetProblem(
  text: string,
  allowPrivate = allowPrivateWebhooks(),
  resolve: (host: string) => Promise<readonly { address: string }[]> = (host) => lookup(host, { all: true }),
): Promise<string | undefined> {
  const problem = webhookHostProblem(text, allowPrivate);
  if (problem) return problem;
  if (allowPrivate) return undefined;
  const host = new URL(text).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return undefined; // checked above
  let addresses: readonly { address: string }[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    return `${host} does not resolve (${error instanceof Error ? error.message : String(error)}).`;
  }
  if (addresses.length === 0) return `${host} does not resolve.`;
  const inside = addresses.find((entry) => isPrivateAddress(entry.address));
  return inside ? `${host} resolves to ${inside.address}. ${privateRefusal}` : undefined;
}

/** The webhook form's shape plus this console's address policy: what the save action validates with. */
export const SaveWebhookInput = WebhookShape.superRefine((value, ctx) => {
  const problem = webhookHostProblem(value.url);
  if (problem) ctx.addIssue({ code: "custom", path: ["url"], message: problem });
});
