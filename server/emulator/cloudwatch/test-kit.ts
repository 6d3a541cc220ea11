import { join, newStage, refOf, simSetup, type SimKit } from "../sim/test-kit";
import { createEpisodeRegistry } from "./episodes";
import { namespace } from "./model";
import { getMetricData, type GetMetricDataInput, type MetricDataResult } from "./query";
import type { Dimension } from "./series";
import { createCloudWatch } from "./service";

/** Test helpers: a simulated world (manual clock) with its CloudWatch model, queried without HTTP. */

export function metricsSetup() {
  const kit = simSetup({ quotas: "off" });
  const episodes = createEpisodeRegistry();
  const cw = createCloudWatch({ world: kit.world, clock: kit.clock, seed: 42, episodes });
  const index = () => cw.indexFor(kit.scope);
  return { ...kit, episodes, cw, index };
}

export type MetricsKit = ReturnType<typeof metricsSetup>;

export const second = 1000;
export const minute = 60 * second;

export async function stageWith(kit: SimKit) {
  const stage = await newStage(kit);
  const stageId = stage.arn.slice(stage.arn.lastIndexOf("/") + 1);
  return { arn: stage.arn, stageId };
}

export function joinPublisher(kit: SimKit, stageArn: string) {
  const outcome = join(kit, stageArn, { publish: true });
  return { outcome, ref: refOf(outcome), id: outcome.participant.data.participantId };
}

export const dims = (pairs: Record<string, string>): Dimension[] =>
  Object.entries(pairs).map(([Name, Value]) => ({ Name, Value }));

/** One MetricStat query over [start, end) answered completely (asserts there is no NextToken). */
export function series(
  kit: MetricsKit,
  metric: string,
  dimensions: Record<string, string>,
  range: { start: number; end: number; period?: number; stat?: string },
  extra: Partial<GetMetricDataInput> = {},
): MetricDataResult {
  const out = getMetricData(
    kit.index(),
    {
      MetricDataQueries: [
        {
          Id: "q",
          MetricStat: {
            Metric: { Namespace: namespace, MetricName: metric, Dimensions: dims(dimensions) },
            Period: range.period ?? 5,
            Stat: range.stat ?? "Average",
          },
        },
      ],
      StartTime: range.start,
      EndTime: range.end,
      ScanBy: "TimestampAscending",
      ...extra,
    },
    kit.clock.now(),
  );
  if (out.NextToken !== undefined) throw new Error("unexpected NextToken");
  const result = out.MetricDataResults[0];
  if (!result) throw new Error("no result");
  return result;
}

export const valueAt = (result: MetricDataResult, t: number): number | undefined => {
  const i = result.Timestamps.indexOf(t);
  return i === -1 ? undefined : result.Values[i];
};
