/**
 * Composition list filters. ListCompositions takes one filter at a time (filterByStageArn or
 * filterByEncoderConfigurationArn); the encoder filter goes to the API (summaries do not say which encoder a
 * destination uses) and the stage filter is applied in the browser when both are set.
 */
import type { ListItem } from "@/lib/api/reads";
import type { InputOf } from "@/lib/ivs/operations";
import { arnPattern } from "@/lib/ivs/patterns";

export type CompositionSummary = ListItem<"ListCompositions">;

export const showValues = ["all", "running", "ended"] as const;
export type Show = (typeof showValues)[number];

export interface CompositionFilters {
  readonly stageArn?: string;
  readonly encoderConfigurationArn?: string;
  readonly show: Show;
}

export const noFilters: CompositionFilters = { show: "all" };

const stagePattern = arnPattern("stage");
const encoderPattern = arnPattern("encoder-configuration");

/** The region part of an IVS ARN (`arn:aws:ivs:<region>:…`). */
export function arnRegion(arn: string): string | undefined {
  return arn.split(":")[3];
}

type Params = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;

function param(params: Params, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  return (Array.isArray(value) ? value[0] : value) ?? undefined;
}

/**
 * Filters from the page's search params (`stage`, `encoder`, `show`). ARNs that are malformed or belong to
 * another region (left over after switching region) are dropped.
 */
export function filtersFromParams(params: Params, region: string): CompositionFilters {
  const stage = param(params, "stage");
  const encoder = param(params, "encoder");
  const show = param(params, "show");
  const valid = (arn: string | undefined, pattern: RegExp) =>
    Boolean(arn && pattern.test(arn) && arnRegion(arn) === region);
  return {
    ...(valid(stage, stagePattern) ? { stageArn: stage } : {}),
    ...(valid(encoder, encoderPattern) ? { encoderConfigurationArn: encoder } : {}),
    show: (showValues as readonly string[]).includes(show ?? "") ? (show as Show) : "all",
  };
}

/** `base` with the filters written into it (unset filters removed). */
export function filtersToParams(filters: CompositionFilters, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  const set = (name: string, value: string | undefined) => (value ? next.set(name, value) : next.delete(name));
  set("stage", filters.stageArn);
  set("encoder", filters.encoderConfigurationArn);
  set("show", filters.show === "all" ? undefined : filters.show);
  return next;
}

/** What ListCompositions is asked: the encoder filter when set (the browser cannot apply it), else the stage filter. */
export function compositionListInput(filters: CompositionFilters): Omit<InputOf<"ListCompositions">, "nextToken"> {
  if (filters.encoderConfigurationArn) return { filterByEncoderConfigurationArn: filters.encoderConfigurationArn };
  if (filters.stageArn) return { filterByStageArn: filters.stageArn };
  return {};
}

const running = new Set(["STARTING", "ACTIVE", "STOPPING"]);

export function isRunning(state: string): boolean {
  return running.has(state);
}

/** Whether StopComposition makes sense (STOPPING/STOPPED/FAILED already are, or will be, stopped). */
export function canStop(state: string): boolean {
  return state === "STARTING" || state === "ACTIVE";
}

/** Applies what the API could not: the stage filter when the encoder filter went to the API, and the state filter. */
export function applyCompositionFilters(
  items: readonly CompositionSummary[],
  filters: CompositionFilters,
): CompositionSummary[] {
  return items.filter((c) => {
    if (filters.stageArn && c.stageArn !== filters.stageArn) return false;
    if (filters.show === "running" && !isRunning(c.state)) return false;
    if (filters.show === "ended" && isRunning(c.state)) return false;
    return true;
  });
}

/** Running first, then newest start first (no start time yet = just started). */
export function sortCompositions(items: readonly CompositionSummary[]): CompositionSummary[] {
  return [...items].sort((a, b) => {
    const ra = isRunning(a.state) ? 0 : 1;
    const rb = isRunning(b.state) ? 0 : 1;
    if (ra !== rb) return ra - rb;
    const ta = a.startTime ?? "\uffff";
    const tb = b.startTime ?? "\uffff";
    if (ta !== tb) return ta < tb ? 1 : -1;
    return a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0;
  });
}

export function hasFilters(filters: CompositionFilters): boolean {
  return Boolean(filters.stageArn || filters.encoderConfigurationArn || filters.show !== "all");
}
