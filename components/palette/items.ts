/**
 * What the command palette offers, as plain data: pages, stages, live sessions, compositions and regions.
 * The palette component renders these with cmdk; matching and ranking are in `paletteFilter`.
 */
import type { ListItem } from "@/lib/api/reads";
import { contextParams, type ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import { link, routes } from "@/lib/routes";

export type PaletteGroup = "Pages" | "Stages" | "Live sessions" | "Compositions" | "Region";

export interface PaletteItem {
  /** Unique; cmdk's item value. */
  readonly id: string;
  readonly group: PaletteGroup;
  readonly label: string;
  readonly detail?: string;
  /** What a search matches, the label first. */
  readonly keywords: readonly string[];
  readonly href: string;
  readonly live?: boolean;
}

type Stage = ListItem<"ListStages">;
type Composition = ListItem<"ListCompositions">;

export const paletteGroups: readonly PaletteGroup[] = ["Pages", "Stages", "Live sessions", "Compositions", "Region"];

const pages = [
  { label: "Overview", path: "/", keywords: ["home", "wall", "dashboard"] },
  { label: "Stages", path: routes.stages(), keywords: ["stage list"] },
  { label: "Compositions", path: routes.compositions(), keywords: ["composition list", "recording", "broadcast"] },
  { label: "Configurations", path: routes.configurations(), keywords: ["encoder", "storage", "ingest", "settings"] },
  { label: "Public keys", path: routes.publicKeys(), keywords: ["keys", "tokens", "jwt"] },
  {
    label: "Find a user",
    path: routes.findUser(),
    keywords: ["user id", "troubleshoot", "guest", "participant", "search"],
  },
  { label: "Composition designer", path: routes.designer(), keywords: ["layout", "grid", "pip", "designer"] },
] as const;

export function pageItems(context: ConsoleContext): PaletteItem[] {
  return pages.map((page) => ({
    id: `page:${page.path}`,
    group: "Pages",
    label: page.label,
    detail: "Page",
    keywords: [page.label, ...page.keywords],
    href: link(context, page.path),
  }));
}

export function stageItems(context: ConsoleContext, stages: readonly Stage[]): PaletteItem[] {
  return stages.map((stage) => {
    const id = arnId(stage.arn);
    return {
      id: `stage:${stage.arn}`,
      group: "Stages",
      label: stage.name || "(unnamed stage)",
      detail: id,
      keywords: [stage.name || id, id, ...(stage.activeSessionId ? ["live"] : []), "stage"],
      href: link(context, routes.stage(stage.arn)),
      live: Boolean(stage.activeSessionId),
    };
  });
}

/** The active session of every live stage (ListStages carries `activeSessionId`: no extra reads). */
export function sessionItems(context: ConsoleContext, stages: readonly Stage[]): PaletteItem[] {
  return stages
    .filter((stage): stage is Stage & { activeSessionId: string } => Boolean(stage.activeSessionId))
    .map((stage) => ({
      id: `session:${stage.arn}:${stage.activeSessionId}`,
      group: "Live sessions",
      label: stage.activeSessionId,
      detail: `live on ${stage.name || arnId(stage.arn)}`,
      keywords: [stage.activeSessionId, `${stage.name || arnId(stage.arn)} session`, "session"],
      href: link(context, routes.session(stage.arn, stage.activeSessionId)),
      live: true,
    }));
}

export function compositionItems(
  context: ConsoleContext,
  compositions: readonly Composition[],
  stageNames: ReadonlyMap<string, string>,
): PaletteItem[] {
  return compositions.map((composition) => {
    const id = arnId(composition.arn);
    const stage = stageNames.get(composition.stageArn) || arnId(composition.stageArn);
    return {
      id: `composition:${composition.arn}`,
      group: "Compositions",
      label: id,
      detail: `${composition.state} · stage ${stage}`,
      keywords: [id, `${stage} composition`, composition.state.toLowerCase(), "composition"],
      href: link(context, routes.composition(composition.arn)),
    };
  });
}

/**
 * Switching region keeps the profile and goes to the current section's list (a resource page belongs to one
 * region), like the region select in the header.
 */
export function regionItems(context: ConsoleContext, regions: readonly string[], pathname: string): PaletteItem[] {
  const section = `/${pathname.split("/")[1] ?? ""}`;
  return regions
    .filter((region) => region !== context.region)
    .map((region) => ({
      id: `region:${region}`,
      group: "Region",
      label: `Switch region to ${region}`,
      detail: "Region",
      keywords: [region, `switch region to ${region}`, "region"],
      href: `${section}?${contextParams({ ...context, region }).toString()}`,
    }));
}

/**
 * cmdk filter (0 hides an item). Every word of the search must occur in the item's keywords. Ranking: the
 * first keyword (the name) equal to the search, then starting with it, then another keyword equal to or
 * starting with it, then any substring.
 */
export function paletteFilter(_value: string, search: string, keywords?: string[]): number {
  const needle = search.trim().toLowerCase();
  if (!needle) return 1;
  const words = (keywords ?? []).map((k) => k.toLowerCase());
  const haystack = words.join(" ");
  if (!needle.split(/\s+/).every((part) => haystack.includes(part))) return 0;
  const name = words[0] ?? "";
  if (name === needle) return 1;
  if (name.startsWith(needle)) return 0.9;
  if (words.some((word) => word === needle)) return 0.8;
  if (words.some((word) => word.startsWith(needle))) return 0.7;
  return 0.5;
}
