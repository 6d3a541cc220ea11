import { createHmac, timingSafeEqual } from "node:crypto";
import { validation } from "../errors";
import type { OperationName } from "@/lib/ivs/operations";
import { canonicalJson } from "./data";
import { quotas } from "./quotas";
import type { RegionStore } from "./store";

/**
 * Keyset pagination with opaque, bound tokens.
 *
 * Every listed record carries a monotonically increasing `seq` (its creation order in its region). A page
 * token records the `seq` of the last item returned, so deletions between pages neither skip nor repeat
 * items. The token is `base64url(payload ‖ mac)`, where `mac` = HMAC-SHA256(world secret, binding ‖ payload)
 * truncated to 16 bytes and the binding is the operation, account, region and every request member except
 * `nextToken` and `maxResults` (canonical JSON). A token replayed against another operation, another filter,
 * another account/region or another emulator process (new secret), or any garbage, fails the MAC → 400.
 */

export type PageOrder = "oldest-first" | "newest-first";

export interface PageQuery {
  readonly nextToken?: string | undefined;
  readonly maxResults?: number | undefined;
}

export interface PageBinding {
  readonly operation: string;
  readonly account: string;
  readonly region: string;
  /** The request's filter members (everything but nextToken/maxResults). */
  readonly filters: unknown;
}

export interface PageOptions {
  readonly secret: Uint8Array;
  readonly binding: PageBinding;
  readonly defaultSize: number;
  readonly order?: PageOrder;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

const MAC_BYTES = 16;

function bindingText(binding: PageBinding): string {
  return canonicalJson([binding.operation, binding.account, binding.region, binding.filters]);
}

function mac(secret: Uint8Array, binding: PageBinding, payload: Buffer): Buffer {
  return createHmac("sha256", secret)
    .update(bindingText(binding))
    .update("\n")
    .update(payload)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function encodePageToken(secret: Uint8Array, binding: PageBinding, afterSeq: number): string {
  const payload = Buffer.from(String(afterSeq), "utf8");
  return Buffer.concat([payload, mac(secret, binding, payload)]).toString("base64url");
}

const invalidToken = () => validation("The provided nextToken is invalid or does not belong to this request.");

/** The `seq` cursor inside a token, or a 400 ValidationException when the token is not ours for this query. */
export function decodePageToken(secret: Uint8Array, binding: PageBinding, token: string): number {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalidToken();
  const raw = Buffer.from(token, "base64url");
  if (raw.length <= MAC_BYTES) throw invalidToken();
  const payload = raw.subarray(0, raw.length - MAC_BYTES);
  const given = raw.subarray(raw.length - MAC_BYTES);
  if (!timingSafeEqual(given, mac(secret, binding, payload))) throw invalidToken();
  const text = payload.toString("utf8");
  if (!/^\d+$/.test(text)) throw invalidToken();
  return Number(text);
}

/** Filter members of a List request: the input minus the paging members. */
export function filtersOf(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([key]) => key !== "nextToken" && key !== "maxResults"));
}

/** One page of `records` (each with its `seq`), in the requested order. */
export function paginate<T extends { readonly seq: number }>(
  records: Iterable<T>,
  query: PageQuery,
  options: PageOptions,
): Page<T> {
  const newestFirst = options.order === "newest-first";
  const sorted = [...records].sort((a, b) => (newestFirst ? b.seq - a.seq : a.seq - b.seq));
  const cursor = query.nextToken ? decodePageToken(options.secret, options.binding, query.nextToken) : undefined;
  const rest = cursor === undefined ? sorted : sorted.filter((r) => (newestFirst ? r.seq < cursor : r.seq > cursor));
  const size = query.maxResults ?? options.defaultSize;
  const items = rest.slice(0, size);
  const last = items.at(-1);
  if (rest.length <= size || !last) return { items };
  return { items, nextToken: encodePageToken(options.secret, options.binding, last.seq) };
}

/** Default page sizes (api doc §2.4). ListStorageConfigurations: the quota (5) or 100, whichever is smaller. */
export const defaultPageSizes = {
  ListCompositions: 100,
  ListEncoderConfigurations: 100,
  ListStorageConfigurations: Math.min(quotas.storageConfigurations, 100),
  ListIngestConfigurations: 50,
  ListParticipantEvents: 50,
  ListParticipants: 50,
  ListPublicKeys: 50,
  ListStageSessions: 50,
  ListStages: 50,
  ListParticipantReplicas: 50,
} as const satisfies Partial<Record<OperationName, number>>;

export type ListOperation = keyof typeof defaultPageSizes;

/** A page of a List operation's records, with its token bound to this operation, store and filters. */
export function listPage<T extends { readonly seq: number }>(
  store: RegionStore,
  operation: ListOperation,
  input: PageQuery & object,
  records: Iterable<T>,
  order: PageOrder = "oldest-first",
): Page<T> {
  const binding = { operation, ...store.scope, filters: filtersOf(input) };
  return paginate(records, input, {
    secret: store.world.secret,
    binding,
    defaultSize: defaultPageSizes[operation],
    order,
  });
}

/** The `nextToken` member of a List response: present only when there is a next page. */
export const nextTokenOf = (page: Page<unknown>): { nextToken?: string } =>
  page.nextToken === undefined ? {} : { nextToken: page.nextToken };
