/**
 * Which AWS context a page shows: region and (optionally) a named profile. Both live in the URL
 * (`?region=us-west-2&profile=prod`) so every deep link survives a reload and can be shared.
 */
export interface ConsoleContext {
  readonly region: string;
  readonly profile?: string;
}

const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const profilePattern = /^[A-Za-z0-9_.@+-]{1,64}$/;

type SearchParamsLike = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;

function param(params: SearchParamsLike, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single ?? undefined;
}

export function isValidRegion(region: string): boolean {
  return regionPattern.test(region);
}

export function isValidProfile(profile: string): boolean {
  return profilePattern.test(profile);
}

/** Reads the context from search params; invalid values fall back to the defaults. */
export function contextFrom(params: SearchParamsLike, defaultRegion: string): ConsoleContext {
  const region = param(params, "region");
  const profile = param(params, "profile");
  return {
    region: region && isValidRegion(region) ? region : defaultRegion,
    ...(profile && isValidProfile(profile) ? { profile } : {}),
  };
}

/** The search params that carry a context (region always, so a shared link means the same everywhere). */
export function contextParams(context: ConsoleContext): URLSearchParams {
  const search = new URLSearchParams({ region: context.region });
  if (context.profile) search.set("profile", context.profile);
  return search;
}

/** `href` with the context's search params appended. */
export function withContext(href: string, context: ConsoleContext): string {
  const [path, query = ""] = href.split("?", 2);
  const search = new URLSearchParams(query);
  for (const [key, value] of contextParams(context)) search.set(key, value);
  return `${path}?${search.toString()}`;
}
