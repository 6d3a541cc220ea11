import { describe, expect, it } from "vitest";
import {
  describeErrorCode,
  describeEventName,
  errorCodeCatalog,
  errorEventNames,
  eventNameCatalog,
  isErrorEventName,
  redundantIngestNote,
} from "./error-codes";
import { EventErrorCodeValues, EventNameValues } from "./ivs/enums";

describe("error-code catalog", () => {
  it("covers exactly the 14 EventErrorCode values of the model", () => {
    expect(EventErrorCodeValues).toHaveLength(14);
    expect(Object.keys(errorCodeCatalog).sort()).toEqual([...EventErrorCodeValues].sort());
  });

  it("gives every code its own key, a title, a meaning and guidance", () => {
    for (const code of EventErrorCodeValues) {
      const info = errorCodeCatalog[code];
      expect(info.code).toBe(code);
      expect(info.title.length).toBeGreaterThan(3);
      expect(info.meaning).toMatch(/\.$/);
      expect(info.guidance.length).toBeGreaterThan(10);
    }
    const meanings = new Set(EventErrorCodeValues.map((code) => errorCodeCatalog[code].meaning));
    expect(meanings.size).toBe(EventErrorCodeValues.length);
  });

  it("looks codes up safely", () => {
    expect(describeErrorCode("BITRATE_EXCEEDED")?.limits).toContain("8.5 Mbps per publisher");
    expect(describeErrorCode("NOT_A_CODE")).toBeUndefined();
    expect(describeErrorCode("toString")).toBeUndefined();
  });

  it("knows which events carry an error code", () => {
    for (const name of errorEventNames) expect(EventNameValues).toContain(name);
    expect(isErrorEventName("PUBLISH_ERROR")).toBe(true);
    expect(isErrorEventName("JOINED")).toBe(false);
    expect(isErrorEventName(undefined)).toBe(false);
  });

  it("is plain data that survives JSON", () => {
    expect(JSON.parse(JSON.stringify(errorCodeCatalog))).toEqual(errorCodeCatalog);
  });
});

describe("event-name catalog", () => {
  it("explains every EventName of the model, each with the members it carries", () => {
    expect(Object.keys(eventNameCatalog).sort()).toEqual([...EventNameValues].sort());
    for (const name of EventNameValues) {
      const info = eventNameCatalog[name];
      expect(info.name).toBe(name);
      expect(info.title.length).toBeGreaterThan(3);
      expect(info.meaning).toMatch(/\.$/);
    }
    for (const name of errorEventNames) expect(eventNameCatalog[name].members).toContain("errorCode");
    expect(eventNameCatalog.TOKEN_EXCHANGED.members).toEqual(["previousToken", "newToken"]);
    expect(eventNameCatalog.REPLICATION_STARTED.members).toEqual(["destinationStageArn", "destinationSessionId"]);
    expect(eventNameCatalog.JOIN_ERROR.meaning).toMatch(/revoked/);
  });

  it("looks names up safely, and explains redundant ingest", () => {
    expect(describeEventName("TOKEN_EXCHANGED")?.title).toBe("Token exchanged");
    expect(describeEventName("constructor")).toBeUndefined();
    expect(redundantIngestNote).toMatch(/redundantIngestCredentials/);
  });
});
