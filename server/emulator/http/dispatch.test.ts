import { describe, expect, it, vi } from "vitest";
import { EmulatorError, notFound } from "@/server/emulator/errors";
import { invoke, toWireError } from "@/server/emulator/http/dispatch";
import type { Logger } from "@/server/emulator/http/logger";

function recordingLogger() {
  const error = vi.fn();
  const logger: Logger = { info: vi.fn(), warn: vi.fn(), error };
  return { logger, error };
}

describe("invoke", () => {
  it("returns the handler's (awaited) result, and {} for undefined", async () => {
    await expect(invoke(async (input: { n: number }) => ({ doubled: input.n * 2 }), { n: 2 }, {})).resolves.toEqual({
      doubled: 4,
    });
    await expect(invoke(() => undefined, {}, {})).resolves.toEqual({});
  });
});

describe("toWireError", () => {
  it("passes EmulatorErrors through unchanged and logs nothing", () => {
    const { logger, error } = recordingLogger();
    const original = notFound("Stage not found");
    expect(toWireError(original, { requestId: "r", operation: "GetStage" }, logger)).toBe(original);
    expect(error).not.toHaveBeenCalled();
  });

  it("turns anything else into a logged 500 InternalServerException", () => {
    const { logger, error } = recordingLogger();
    const wire = toWireError(new TypeError("boom"), { requestId: "req-1", operation: "GetStage" }, logger);
    expect(wire).toBeInstanceOf(EmulatorError);
    expect(wire.status).toBe(500);
    expect(wire.code).toBe("InternalServerException");
    expect(wire.bodyKey).toBe("exceptionMessage");
    expect(wire.message).not.toMatch(/boom/);
    expect(error).toHaveBeenCalledOnce();
    expect(error.mock.calls[0]?.[1]).toMatchObject({ requestId: "req-1", operation: "GetStage" });
    expect(String(error.mock.calls[0]?.[1]?.error)).toMatch(/TypeError: boom/);
  });

  it("handles non-Error throws", () => {
    const { logger } = recordingLogger();
    expect(toWireError("weird", { requestId: "r", operation: "x" }, logger).status).toBe(500);
  });
});
