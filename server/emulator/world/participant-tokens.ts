import { defaultTokenCapabilities, defaultTokenDurationMinutes } from "./defaults";
import type { HandlerGroup } from "./handler-kit";
import { newResourceId } from "./ids";
import type { ParticipantToken, ParticipantTokenConfiguration } from "./shapes";
import {
  nextSeq,
  nowMs,
  requireStage,
  type IssuedTokenRecord,
  type RegionStore,
  type StageRecord,
  type World,
} from "./store";
import { isoTime } from "./data";
import { mintParticipantToken } from "./tokens";

/**
 * Issues a participant token for `stage`: a new participant id, the documented defaults (720 minutes,
 * PUBLISH + SUBSCRIBE), `expirationTime` = now + duration. The token is remembered (for joins and revocation).
 */
export function issueParticipantToken(
  store: RegionStore,
  stage: StageRecord,
  config: ParticipantTokenConfiguration = {},
): ParticipantToken {
  const participantId = newResourceId(store.world.random);
  const duration = config.duration ?? defaultTokenDurationMinutes;
  const capabilities = config.capabilities ?? defaultTokenCapabilities;
  const issuedAtMs = nowMs(store);
  const expiresAtMs = issuedAtMs + duration * 60_000;
  const token = mintParticipantToken(store.world.secret, {
    exp: Math.floor(expiresAtMs / 1000),
    iat: Math.floor(issuedAtMs / 1000),
    jti: participantId,
    resource: stage.arn,
    topic: stage.id,
    events_url: stage.endpoints.events,
    whip_url: stage.endpoints.whip,
    capabilities: {
      allow_publish: capabilities.includes("PUBLISH"),
      allow_subscribe: capabilities.includes("SUBSCRIBE"),
    },
    ...(config.userId === undefined ? {} : { user_id: config.userId }),
    ...(config.attributes === undefined ? {} : { attributes: config.attributes }),
    version: "1.0",
  });
  const data: IssuedTokenRecord["data"] = {
    participantId,
    token,
    ...(config.userId === undefined ? {} : { userId: config.userId }),
    ...(config.attributes === undefined ? {} : { attributes: { ...config.attributes } }),
    duration,
    capabilities: [...capabilities],
    expirationTime: isoTime(expiresAtMs),
  };
  store.tokens.set(participantId, {
    seq: nextSeq(store),
    stageArn: stage.arn,
    participantId,
    expiresAtMs,
    data,
    revoked: false,
  });
  return { ...data };
}

export function participantTokenHandlers(world: World): HandlerGroup<"CreateParticipantToken"> {
  return {
    CreateParticipantToken(input, ctx) {
      const store = world.region(ctx);
      const stage = requireStage(store, input.stageArn);
      return { participantToken: issueParticipantToken(store, stage, input) };
    },
  };
}
