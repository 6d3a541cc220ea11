import { z } from "zod";

/**
 * IVS Real-Time events as EventBridge delivers them (an API destination POSTs each event's JSON). Only what the
 * console uses is required; other members pass through untouched. Facts: shared/ivs-realtime-api.md §7 and
 * observability-facts.md §2 (field names of replication and token-exchange details are not documented).
 */
const isoTime = z
  .string()
  .min(1)
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO-8601 time");
const arn = z.string().regex(/^arn:aws[\w-]*:ivs:[a-z0-9-]+:\d{12}:[a-z-]+\/[A-Za-z0-9]+$/, "must be an IVS ARN");

export const IvsEventBridgeEvent = z.object({
  version: z.string().max(16),
  id: z.string().min(1).max(128),
  "detail-type": z.string().min(1).max(128),
  source: z.string().min(1).max(128),
  account: z.string().regex(/^\d{12}$/, "must be a 12-digit account id"),
  time: isoTime,
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "must be a region name"),
  resources: z.array(arn).min(1).max(10),
  detail: z
    .object({
      event_name: z.string().min(1).max(128),
      session_id: z.string().max(64).optional(),
      participant_id: z.string().max(64).optional(),
      user_id: z.string().max(128).optional(),
      event_time: isoTime.optional(),
      stage_arn: arn.optional(),
    })
    .passthrough(),
});
export type IvsEventBridgeEvent = z.infer<typeof IvsEventBridgeEvent>;

/** EventBridge's largest event. */
export const maxEventBytes = 256 * 1024;

/** The stage an event concerns: resources[0] for stage and recording events, detail.stage_arn for compositions. */
export function stageArnOf(event: IvsEventBridgeEvent): string | undefined {
  if (event["detail-type"] === "IVS Composition State Change") return event.detail.stage_arn;
  return event.resources.find((resource) => resource.includes(":stage/"));
}
