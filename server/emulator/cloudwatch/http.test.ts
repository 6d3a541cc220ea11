import { CreateStageCommand, ListParticipantEventsCommand } from "@aws-sdk/client-ivs-realtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock, type ManualClock } from "../clock";
import { sendWire, signRequest, rawRequest, type RawResponse } from "../http/testing";
import { startApp, type RunningApp } from "../sim/http-kit";
import { namespace } from "./model";
import { parseForm } from "./wire";

/** The wire: both protocols, their bad input (AWS-shaped 4xx, never 5xx), SigV4 for `monitoring`, the episode route. */

const start = Date.parse("2026-04-01T08:00:00.000Z");
let app: RunningApp;
let clock: ManualClock;
let port: number;
let stageArn: string;
let stageId: string;
let host: string;
let guest: string;
let sessionId: string;

const json = { "content-type": "application/x-amz-json-1.0" };
const form = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" };

async function call(
  body: string,
  headers: Record<string, string>,
  sign: { service?: string; secretAccessKey?: string } = {},
): Promise<RawResponse> {
  const wire = await signRequest({
    path: "/",
    body,
    headers,
    host: `127.0.0.1:${port}`,
    service: sign.service ?? "monitoring",
    ...(sign.secretAccessKey ? { secretAccessKey: sign.secretAccessKey } : {}),
  });
  return sendWire(port, wire);
}

const target = (op: string) => ({ ...json, "x-amz-target": `GraniteServiceVersion20100801.${op}` });
const jsonCall = (op: string, body: unknown) =>
  call(typeof body === "string" ? body : JSON.stringify(body), target(op));
const formCall = (body: string) => call(body, form);

beforeAll(async () => {
  clock = manualClock(start);
  app = await startApp({ clock });
  port = Number(new URL(app.url).port);
  const created = await app.control("POST", "/participants/join", {
    stageArn: "arn:aws:ivs:us-east-1:123456789012:stage/none",
    publish: true,
  });
  expect(created.status).toBe(404); // no such stage yet: the control API is live
  const { stage } = await app.sdk().send(new CreateStageCommand({ name: "wire" }));
  stageArn = stage?.arn ?? "";
  stageId = stageArn.slice(stageArn.lastIndexOf("/") + 1);
  const joined = await app.control("POST", "/participants/join", { stageArn, publish: true });
  host = String(joined.json.participantId);
  sessionId = String(joined.json.sessionId);
  guest = String((await app.control("POST", "/participants/join", { stageArn, publish: true })).json.participantId);
  await app.control("POST", `/participants/${guest}/subscribe`, { stageArn, targetParticipantId: host });
});

afterAll(async () => {
  await app.close();
});

const lossQuery = (participant: string) => ({
  Id: "loss",
  MetricStat: {
    Metric: {
      Namespace: namespace,
      MetricName: "DownloadPacketLoss",
      Dimensions: [
        { Name: "Stage", Value: stageId },
        { Name: "Participant", Value: participant },
      ],
    },
    Period: 5,
    Stat: "Maximum",
  },
});

describe("CloudWatch on the emulator's port", () => {
  it("answers AWS JSON 1.0 with epoch-second timestamps", async () => {
    clock.advance(60_000);
    const response = await jsonCall("GetMetricData", {
      MetricDataQueries: [lossQuery(guest)],
      StartTime: start / 1000,
      EndTime: start / 1000 + 60,
      ScanBy: "TimestampAscending",
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(response.headers["x-amzn-requestid"]).toBeTruthy();
    const body = JSON.parse(response.body) as { MetricDataResults: Array<{ Timestamps: number[]; Values: number[] }> };
    expect(body.MetricDataResults[0]?.Timestamps.slice(0, 2)).toEqual([start / 1000, start / 1000 + 5]);
    expect(body.MetricDataResults[0]?.Values.length).toBe(12);
  });

  it("answers the query protocol in XML, with ISO timestamps", async () => {
    const body = [
      "Action=GetMetricData",
      "Version=2010-08-01",
      "MetricDataQueries.member.1.Id=loss",
      `MetricDataQueries.member.1.MetricStat.Metric.Namespace=${encodeURIComponent(namespace)}`,
      "MetricDataQueries.member.1.MetricStat.Metric.MetricName=DownloadPacketLoss",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=Stage",
      `MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=${stageId}`,
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name=Participant",
      `MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value=${guest}`,
      "MetricDataQueries.member.1.MetricStat.Period=60",
      "MetricDataQueries.member.1.MetricStat.Stat=Average",
      `StartTime=${encodeURIComponent(new Date(start).toISOString())}`,
      `EndTime=${encodeURIComponent(new Date(start + 60_000).toISOString())}`,
    ].join("&");
    const response = await formCall(body);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/xml");
    expect(response.body).toContain('<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">');
    expect(response.body).toContain("<Timestamps><member>2026-04-01T08:00:00Z</member></Timestamps>");
    expect(response.body).toMatch(/<Values><member>[0-9.]+<\/member><\/Values><StatusCode>Complete<\/StatusCode>/);
  });

  it("parses nested form lists in index order, empty lists and escapes", () => {
    expect(parseForm("A.member.2.B=y&A.member.1.B=x%20z&C=&D.member.1=one+two")).toEqual({
      A: [{ B: "x z" }, { B: "y" }],
      C: "",
      D: ["one two"],
    });
    expect(() => parseForm("A..B=1")).toThrow(/Malformed form key/);
    expect(() => parseForm("A=%E0%A4%A")).toThrow(/percent-encoding/);
    expect(() => parseForm("A=1&A=2")).toThrow(/more than once/);
    expect(Object.getPrototypeOf(parseForm("__proto__.x=1"))).toBe(Object.prototype);
  });

  const bad: Array<[string, () => Promise<RawResponse>, number, string]> = [
    ["malformed JSON", () => jsonCall("GetMetricData", "{nope"), 400, "SerializationException"],
    ["a JSON array", () => jsonCall("GetMetricData", "[]"), 400, "SerializationException"],
    [
      "a wrong JSON type",
      () => jsonCall("GetMetricData", { MetricDataQueries: [lossQuery(guest)], StartTime: "yesterday", EndTime: 1 }),
      400,
      "SerializationException",
    ],
    [
      "a missing field",
      () => jsonCall("GetMetricData", { MetricDataQueries: [lossQuery(guest)], EndTime: 1 }),
      400,
      "MissingParameter",
    ],
    [
      "a missing nested field",
      () =>
        jsonCall("GetMetricData", {
          MetricDataQueries: [{ MetricStat: lossQuery(guest).MetricStat }],
          StartTime: 0,
          EndTime: 1,
        }),
      400,
      "MissingParameter",
    ],
    [
      "a bad period",
      () =>
        jsonCall("GetMetricData", {
          MetricDataQueries: [{ ...lossQuery(guest), MetricStat: { ...lossQuery(guest).MetricStat, Period: 45 } }],
          StartTime: 0,
          EndTime: 60,
        }),
      400,
      "InvalidParameterValue",
    ],
    [
      "start after end",
      () => jsonCall("GetMetricData", { MetricDataQueries: [lossQuery(guest)], StartTime: 60, EndTime: 0 }),
      400,
      "InvalidParameterValue",
    ],
    [
      "501 queries",
      () =>
        jsonCall("GetMetricData", {
          MetricDataQueries: Array.from({ length: 501 }, (_, i) => ({ ...lossQuery(guest), Id: `q${i}` })),
          StartTime: 0,
          EndTime: 60,
        }),
      400,
      "InvalidParameterValue",
    ],
    ["an unknown operation", () => jsonCall("PutMetricData", {}), 400, "InvalidAction"],
    [
      "a foreign target",
      () => call("{}", { ...json, "x-amz-target": "Logs_20140328.GetLogEvents" }),
      400,
      "InvalidAction",
    ],
    ["a form without Action", () => formCall("Version=2010-08-01"), 400, "MissingAction"],
    ["an unknown Action", () => formCall("Action=DeleteAlarms&Version=2010-08-01"), 400, "InvalidAction"],
    ["a malformed form", () => formCall("Action=ListMetrics&A..B=1"), 400, "SerializationException"],
    [
      "a form number that is not one",
      () =>
        formCall(
          "Action=GetMetricStatistics&Namespace=x&MetricName=y&StartTime=2026-01-01T00:00:00Z&EndTime=2026-01-01T01:00:00Z&Period=abc&Statistics.member.1=Average",
        ),
      400,
      "InvalidParameterValue",
    ],
    ["an IVS signature", () => call("{}", target("ListMetrics"), { service: "ivs" }), 403, "InvalidSignatureException"],
    [
      "a wrong secret",
      () => call("{}", target("ListMetrics"), { secretAccessKey: "nope" }),
      403,
      "InvalidSignatureException",
    ],
    [
      "no signature",
      () => rawRequest(port, { method: "POST", target: "/", headers: target("ListMetrics"), body: "{}" }),
      403,
      "MissingAuthenticationTokenException",
    ],
    ["a GET", () => rawRequest(port, { method: "GET", target: "/", headers: {} }), 400, "UnknownOperationException"],
  ];

  it.each(bad)("refuses %s with an AWS-shaped 4xx", async (_what, send, status, code) => {
    const response = await send();
    expect(response.status).toBe(status);
    if ((response.headers["content-type"] ?? "").startsWith("text/xml")) {
      expect(response.body).toContain(`<Code>${code}</Code>`);
      expect(response.body).toContain("<Type>Sender</Type>");
    } else {
      const body = JSON.parse(response.body) as { __type: string; message: string };
      expect(`${body.__type};${String(response.headers["x-amzn-query-error"])}`).toContain(code);
      expect(response.headers["x-amzn-query-error"]).toMatch(/;Sender$/);
      expect(body.message.length).toBeGreaterThan(0);
    }
  });

  it("signature errors over the query protocol use the query codes", async () => {
    const response = await call("Action=ListMetrics&Version=2010-08-01", form, { secretAccessKey: "nope" });
    expect(response.status).toBe(403);
    expect(response.body).toContain("<Code>SignatureDoesNotMatch</Code>");
  });

  it("a tampered body does not verify", async () => {
    const wire = await signRequest({
      path: "/",
      body: "{}",
      headers: target("ListMetrics"),
      host: `127.0.0.1:${port}`,
      service: "monitoring",
    });
    const response = await sendWire(port, { ...wire, body: '{"Namespace":"x"}' });
    expect(response.status).toBe(403);
  });

  it("scripts a packet-loss episode through the control API, then drops and reconnects the participant", async () => {
    const from = clock.now();
    const created = await app.control("POST", "/metrics/episodes", {
      stageArn,
      participantId: guest,
      durationSeconds: 30,
      percent: 20,
      drop: true,
      reconnectAfterSeconds: 5,
    });
    expect(created.status).toBe(200);
    expect(created.json.dropAt).toBe(new Date(from + 30_000).toISOString());
    expect((await app.control("GET", "/metrics/episodes")).json.episodes).toHaveLength(1);
    clock.advance(30_000);
    clock.advance(5_000);
    await app.control("POST", `/participants/${guest}/subscribe`, { stageArn, targetParticipantId: host });
    clock.advance(30_000);
    const response = await jsonCall("GetMetricData", {
      MetricDataQueries: [lossQuery(guest)],
      StartTime: from / 1000,
      EndTime: clock.now() / 1000,
      ScanBy: "TimestampAscending",
    });
    const result = (
      JSON.parse(response.body) as { MetricDataResults: Array<{ Timestamps: number[]; Values: number[] }> }
    ).MetricDataResults[0];
    const during = (result?.Values ?? []).filter((_, i) => (result?.Timestamps[i] ?? 0) * 1000 < from + 30_000);
    const after = (result?.Values ?? []).filter((_, i) => (result?.Timestamps[i] ?? 0) * 1000 >= from + 30_000);
    expect(during.length).toBe(6);
    expect(Math.min(...during)).toBeGreaterThan(15);
    expect(after.length).toBeGreaterThan(0); // reconnected, subscribing again
    expect(Math.max(...after)).toBeLessThan(1);
    const { events } = await app
      .sdk()
      .send(new ListParticipantEventsCommand({ stageArn, sessionId, participantId: guest }));
    const times = (name: string) => (events ?? []).filter((e) => e.name === name).map((e) => e.eventTime?.getTime());
    expect(times("LEFT")).toEqual([from + 30_000]); // the drop at the episode's end
    expect(times("JOINED")).toContain(from + 35_000); // and the reconnection 5 s later
    const badEpisode = await app.control("POST", "/metrics/episodes", {
      stageArn,
      participantId: guest,
      durationSeconds: -1,
      percent: 20,
    });
    expect(badEpisode.status).toBe(400);
    expect((await app.control("DELETE", "/metrics/episodes")).json.cleared).toBe(1);
  });
});
