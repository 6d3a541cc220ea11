/**
 * Scripted packet-loss episodes and their control routes:
 *   POST   /_emulator/metrics/episodes   { stageArn, participantId, start?, durationSeconds, percent, drop?, reconnectAfterSeconds? }
 *   GET    /_emulator/metrics/episodes
 *   DELETE /_emulator/metrics/episodes
 * Same authentication and region rules as the rest of the control API (Bearer credential; `region` in the body,
 * the `x-emulator-region` header or the `region` query parameter). Episodes live in memory (not in the state file).
 */
import { z } from "zod";
import { formatValidationError } from "@/lib/ivs/validation-message";
import type { Clock } from "../clock";
import type { EmulatorCredential } from "../config";
import { EmulatorError, validation } from "../errors";
import { parseJsonBody } from "../http/body";
import type { ControlRoutes } from "../server";
import { authenticateControl, controlRegion } from "../sim/control-auth";
import type { Simulation } from "../sim/simulation";
import { isoTime } from "../world/data";
import type { Scope } from "../world/ids";
import { stageIdOf, type ScriptedEpisode } from "./model";

export interface EpisodeRegistry {
  /** Changes whenever an episode is added or removed (the metrics index cache key uses it). */
  readonly version: () => number;
  forScope(scope: Scope): ScriptedEpisode[];
  add(scope: Scope, episode: ScriptedEpisode): void;
  clear(scope: Scope): number;
}

export function createEpisodeRegistry(): EpisodeRegistry {
  const byScope = new Map<string, ScriptedEpisode[]>();
  const keyOf = (scope: Scope) => `${scope.account}/${scope.region}`;
  let version = 0;
  return {
    version: () => version,
    forScope: (scope) => byScope.get(keyOf(scope)) ?? [],
    add(scope, episode) {
      byScope.set(keyOf(scope), [...(byScope.get(keyOf(scope)) ?? []), episode]);
      version++;
    },
    clear(scope) {
      const count = byScope.get(keyOf(scope))?.length ?? 0;
      byScope.delete(keyOf(scope));
      version++;
      return count;
    },
  };
}

const episodeBody = z.strictObject({
  stageArn: z.string().regex(/^arn:aws:ivs:[a-z0-9-]+:\d{12}:stage\/[a-zA-Z0-9-]+$/, "stageArn must be a stage ARN"),
  participantId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "participantId must be 1-64 characters of [A-Za-z0-9_-]"),
  /** ISO-8601 date-time; default: now (world clock). */
  start: z.iso.datetime({ offset: true }).optional(),
  durationSeconds: z.number().positive().max(86_400),
  percent: z.number().min(0).max(100),
  /** Drop the participant's connection when the episode ends (as a bad network does). */
  drop: z.boolean().optional(),
  /** With `drop`: reconnect this many seconds after the drop. */
  reconnectAfterSeconds: z.number().positive().max(3600).optional(),
});

export interface EpisodeRoutesOptions {
  readonly episodes: EpisodeRegistry;
  readonly credentials: readonly EmulatorCredential[];
  readonly clock: Clock;
  readonly sim?: Simulation;
}

const view = (e: ScriptedEpisode) => ({
  stageId: e.stageId,
  participantId: e.participantId,
  start: isoTime(e.start),
  end: isoTime(e.end),
  percent: e.percent,
});

export function createEpisodeRoutes(options: EpisodeRoutesOptions): ControlRoutes {
  const { episodes, clock, sim } = options;
  return async (req, _res, ctx) => {
    if (ctx.subPath !== "/metrics/episodes") return false;
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "POST" && method !== "DELETE") {
      throw new EmulatorError(
        "MethodNotAllowedException",
        405,
        `${method} is not allowed on /_emulator${ctx.subPath}; use GET, POST or DELETE.`,
        "message",
        {
          Allow: "GET, POST, DELETE",
        },
      );
    }
    const credential = authenticateControl(req.headers.authorization, options.credentials);
    const json = method === "POST" ? parseJsonBody(await ctx.readBody()) : {};
    const { region: _region, ...body } = json;
    const region = controlRegion(json, req.headers, ctx.query);
    const scope: Scope = { account: credential.account, region };
    if (method === "GET") {
      ctx.sendJson(200, { episodes: episodes.forScope(scope).map(view) });
      return true;
    }
    if (method === "DELETE") {
      ctx.sendJson(200, { cleared: episodes.clear(scope) });
      return true;
    }
    const parsed = episodeBody.safeParse(body);
    if (!parsed.success) throw validation(formatValidationError(parsed.error));
    const input = parsed.data;
    if (input.reconnectAfterSeconds !== undefined && input.drop !== true)
      throw validation("reconnectAfterSeconds needs drop: true");
    const start = input.start === undefined ? clock.now() : Date.parse(input.start);
    const episode: ScriptedEpisode = {
      stageId: stageIdOf(input.stageArn),
      participantId: input.participantId,
      start,
      end: start + Math.round(input.durationSeconds * 1000),
      percent: input.percent,
    };
    episodes.add(scope, episode);
    if (input.drop && sim) {
      const ref = { stageArn: input.stageArn, participantId: input.participantId };
      const reconnectAfterMs =
        input.reconnectAfterSeconds === undefined ? undefined : input.reconnectAfterSeconds * 1000;
      clock.setTimer(episode.end, () => {
        try {
          sim.drop(scope, ref);
        } catch {
          return; // no longer connected: nothing to drop
        }
        if (reconnectAfterMs !== undefined) {
          clock.setTimer(episode.end + reconnectAfterMs, () => {
            try {
              sim.reconnect(scope, ref);
            } catch {
              // the stage or token is gone: the participant stays away
            }
          });
        }
      });
    }
    ctx.sendJson(200, { episode: view(episode), ...(input.drop ? { dropAt: isoTime(episode.end) } : {}) });
    return true;
  };
}
