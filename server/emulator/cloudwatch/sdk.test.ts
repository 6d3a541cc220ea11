import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  paginateGetMetricData,
  type GetMetricDataCommandOutput,
} from "@aws-sdk/client-cloudwatch";
import { CreateStageCommand, ListStagesCommand } from "@aws-sdk/client-ivs-realtime";
import { AwsQueryProtocol } from "@aws-sdk/core/protocols";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock, type ManualClock } from "../clock";
import { startApp, type RunningApp } from "../sim/http-kit";
import { namespace } from "./model";

/**
 * The official @aws-sdk/client-cloudwatch, unmodified, against the emulator: its default AWS JSON 1.0 protocol
 * and the query protocol it can be told to use. Both must give the same answers.
 */

const start = Date.parse("2026-03-01T12:00:00.000Z");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
let app: RunningApp;
let clock: ManualClock;
let stageId: string;
let publisherId: string;

const clients = () => ({
  json: new CloudWatchClient({ region: "us-east-1", endpoint: app.url, credentials }),
  query: new CloudWatchClient({ region: "us-east-1", endpoint: app.url, credentials, protocol: AwsQueryProtocol }),
});

beforeAll(async () => {
  clock = manualClock(start);
  app = await startApp({ clock });
  const { stage } = await app.sdk().send(new CreateStageCommand({ name: "metrics" }));
  const arn = stage?.arn ?? "";
  stageId = arn.slice(arn.lastIndexOf("/") + 1);
  const a = await app.control("POST", "/participants/join", { stageArn: arn, publish: true });
  publisherId = String(a.json.participantId);
  clock.advance(60_000);
  const b = await app.control("POST", "/participants/join", { stageArn: arn, publish: true });
  await app.control("POST", `/participants/${String(b.json.participantId)}/subscribe`, {
    stageArn: arn,
    targetParticipantId: publisherId,
  });
  clock.advance(10 * 60_000);
});

afterAll(async () => {
  await app.close();
});

const bitrateQuery = (Id: string, period: number) => ({
  Id,
  MetricStat: {
    Metric: {
      Namespace: namespace,
      MetricName: "PublishBitrate",
      Dimensions: [
        { Name: "Stage", Value: stageId },
        { Name: "Participant", Value: publisherId },
        { Name: "SimulcastLayer", Value: "hi" },
        { Name: "MediaType", Value: "video" },
      ],
    },
    Period: period,
    Stat: "Average",
  },
});

describe("@aws-sdk/client-cloudwatch against the emulator", () => {
  it.each(["json", "query"] as const)(
    "GetMetricData over %s: per-participant bitrate and stage counts",
    async (protocol) => {
      const client = clients()[protocol];
      const out = await client.send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date(start + 11 * 60_000),
          ScanBy: "TimestampAscending",
          MetricDataQueries: [
            bitrateQuery("hi", 60),
            {
              Id: "pubs",
              MetricStat: {
                Metric: {
                  Namespace: namespace,
                  MetricName: "Publishers",
                  Dimensions: [{ Name: "Stage", Value: stageId }],
                },
                Period: 60,
                Stat: "Maximum",
              },
            },
          ],
        }),
      );
      const [hi, pubs] = out.MetricDataResults ?? [];
      expect(hi?.Id).toBe("hi");
      expect(hi?.StatusCode).toBe("Complete");
      expect(hi?.Timestamps?.length).toBe(11);
      expect(hi?.Timestamps?.[0]).toEqual(new Date(start));
      for (const value of hi?.Values ?? []) expect(value).toBeGreaterThan(2_000_000);
      expect(pubs?.Values).toEqual([1, ...Array<number>(10).fill(2)]);
    },
  );

  it.each(["json", "query"] as const)("paginates over %s with MaxDatapoints and NextToken", async (protocol) => {
    const client = clients()[protocol];
    const input = {
      StartTime: new Date(start),
      EndTime: new Date(start + 10 * 60_000),
      MaxDatapoints: 7,
      MetricDataQueries: [bitrateQuery("a", 60), bitrateQuery("b", 30)],
    };
    const pages: GetMetricDataCommandOutput[] = [];
    // The paginator writes NextToken into the input it is given: hand it a copy.
    for await (const page of paginateGetMetricData({ client }, { ...input })) pages.push(page);
    expect(pages.length).toBe(5); // 10 + 20 points, 7 per page
    const all = await clients().json.send(new GetMetricDataCommand({ ...input, MaxDatapoints: undefined }));
    for (const id of ["a", "b"]) {
      const joined = pages.flatMap((page) => page.MetricDataResults?.find((r) => r.Id === id)?.Values ?? []);
      expect(joined).toEqual(all.MetricDataResults?.find((r) => r.Id === id)?.Values);
    }
    expect(pages[0]?.MetricDataResults?.find((r) => r.Id === "b")?.StatusCode).toBe("PartialData");
  });

  it.each(["json", "query"] as const)("ListMetrics and GetMetricStatistics over %s", async (protocol) => {
    const client = clients()[protocol];
    const listed = await client.send(
      new ListMetricsCommand({ Namespace: namespace, Dimensions: [{ Name: "Participant", Value: publisherId }] }),
    );
    const names = new Set(listed.Metrics?.map((m) => m.MetricName));
    expect(names).toEqual(new Set(["PublishBitrate", "PublishResolution"]));
    const stats = await client.send(
      new GetMetricStatisticsCommand({
        Namespace: namespace,
        MetricName: "PublishResolution",
        Dimensions: bitrateQuery("x", 60).MetricStat.Metric.Dimensions,
        StartTime: new Date(start),
        EndTime: new Date(start + 5 * 60_000),
        Period: 300,
        Statistics: ["Minimum", "Maximum", "SampleCount"],
      }),
    );
    expect(stats.Datapoints).toEqual([
      { Timestamp: new Date(start), Minimum: 720, Maximum: 720, SampleCount: 60, Unit: "Count" },
    ]);
  });

  it.each(["json", "query"] as const)(
    "errors over %s are the modeled exceptions with their query codes",
    async (protocol) => {
      const client = clients()[protocol];
      const badPeriod = client.send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date(start + 60_000),
          MetricDataQueries: [bitrateQuery("a", 7)],
        }),
      );
      await expect(badPeriod).rejects.toMatchObject({
        name: "InvalidParameterValueException",
        $metadata: { httpStatusCode: 400 },
      });
      const backwards = client.send(
        new GetMetricDataCommand({
          StartTime: new Date(start + 60_000),
          EndTime: new Date(start),
          MetricDataQueries: [bitrateQuery("a", 60)],
        }),
      );
      await expect(backwards).rejects.toMatchObject({ name: "InvalidParameterValueException" });
      const wrongKey = new CloudWatchClient({
        region: "us-east-1",
        endpoint: app.url,
        credentials: { accessKeyId: "test", secretAccessKey: "wrong" },
      });
      await expect(wrongKey.send(new ListMetricsCommand({}))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 403 },
      });
    },
  );

  it("unknown namespaces and metrics answer empty results, as CloudWatch does", async () => {
    const out = await clients().json.send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(start + 60_000),
        MetricDataQueries: [
          {
            Id: "other",
            MetricStat: { Metric: { Namespace: "AWS/EC2", MetricName: "CPUUtilization" }, Period: 60, Stat: "Average" },
          },
          {
            Id: "nope",
            MetricStat: { Metric: { Namespace: namespace, MetricName: "Nope" }, Period: 60, Stat: "Average" },
          },
        ],
      }),
    );
    expect(out.MetricDataResults?.map((r) => [r.Id, r.Values?.length, r.StatusCode])).toEqual([
      ["other", 0, "Complete"],
      ["nope", 0, "Complete"],
    ]);
  });

  it("IVS keeps working on the same port", async () => {
    const { stages } = await app.sdk().send(new ListStagesCommand({}));
    expect(stages?.map((s) => s.name)).toContain("metrics");
  });
});
