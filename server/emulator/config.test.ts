import { describe, expect, it } from "vitest";
import { ConfigError, demoSeed, parseConfig, parseCredentials, type EmulatorConfig } from "@/server/emulator/config";

function config(argv: string[], env: Record<string, string | undefined> = {}): EmulatorConfig {
  const result = parseConfig(argv, env, () => 0.5);
  if (result.kind !== "config") throw new Error("expected a config");
  return result.config;
}

function errorOf(argv: string[], env: Record<string, string | undefined> = {}): string {
  try {
    parseConfig(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("has documented defaults", () => {
    expect(config([])).toEqual({
      host: "127.0.0.1",
      port: 4599,
      quotas: "realistic",
      world: "empty",
      seed: 2 ** 31,
      speed: 1,
      clock: "real",
      sessionEndDelaySeconds: 120,
      allowedOrigins: ["http://localhost:3000", "http://127.0.0.1:3000"],
      credentials: [{ accessKeyId: "test", secretAccessKey: "test", account: "123456789012" }],
    });
  });

  it("reads every option in both --flag value and --flag=value forms", () => {
    const parsed = config([
      "--port",
      "0",
      "--host=::1",
      "--quotas",
      "off",
      "--world=demo",
      "--seed",
      "42",
      "--speed=2.5",
      "--allowed-origin",
      "http://localhost:5173/",
      "--allowed-origin=https://Example.test:8443",
    ]);
    expect(parsed).toMatchObject({
      host: "::1",
      port: 0,
      quotas: "off",
      world: "demo",
      seed: 42,
      speed: 2.5,
      allowedOrigins: ["http://localhost:5173", "https://example.test:8443"],
    });
  });

  it("gives the demo world a fixed default seed, and reads --state-file", () => {
    expect(config(["--world", "demo"]).seed).toBe(demoSeed);
    expect(config(["--world", "demo", "--seed", "9"]).seed).toBe(9);
    expect(config(["--world", "empty"]).seed).toBe(2 ** 31);
    expect(config([]).stateFile).toBeUndefined();
    expect(config(["--state-file", "/tmp/world.json"]).stateFile).toBe("/tmp/world.json");
    expect(config(["--state-file=state.json"]).stateFile).toBe("state.json");
    expect(errorOf(["--state-file", ""])).toMatch(/--state-file needs a file path/);
    expect(errorOf(["--state-file"])).toMatch(/--state-file needs a value/);
  });

  it("takes the port from IVS_EMULATOR_PORT unless --port is given", () => {
    expect(config([], { IVS_EMULATOR_PORT: "5000" }).port).toBe(5000);
    expect(config(["--port", "6000"], { IVS_EMULATOR_PORT: "5000" }).port).toBe(6000);
    expect(config([], { IVS_EMULATOR_PORT: "" }).port).toBe(4599);
  });

  it("accepts the loopback hosts only", () => {
    expect(config(["--host", "localhost"]).host).toBe("localhost");
    expect(config(["--host", "[::1]"]).host).toBe("::1");
    expect(errorOf(["--host", "0.0.0.0"])).toMatch(/loopback/);
    expect(errorOf(["--host", "192.168.1.10"])).toMatch(/loopback/);
  });

  it("returns the help text for --help and -h", () => {
    const help = parseConfig(["--port", "1", "--help"]);
    expect(help.kind).toBe("help");
    if (help.kind === "help") {
      for (const option of [
        "--port",
        "--host",
        "--quotas",
        "--world",
        "--seed",
        "--speed",
        "--allowed-origin",
        "IVS_EMULATOR_CREDENTIALS",
      ]) {
        expect(help.text).toContain(option);
      }
    }
    expect(parseConfig(["-h"]).kind).toBe("help");
  });

  it("gives clear errors for bad values", () => {
    expect(errorOf(["--port", "65536"])).toMatch(/--port must be an integer from 0 to 65535/);
    expect(errorOf(["--port", "abc"])).toMatch(/--port/);
    expect(errorOf([], { IVS_EMULATOR_PORT: "x" })).toMatch(/IVS_EMULATOR_PORT/);
    expect(errorOf(["--quotas", "strict"])).toMatch(/--quotas must be one of realistic, off/);
    expect(errorOf(["--world", "full"])).toMatch(/--world must be one of demo, empty/);
    expect(errorOf(["--seed", "1.5"])).toMatch(/--seed must be an integer/);
    expect(errorOf(["--speed", "0"])).toMatch(/--speed/);
    expect(errorOf(["--speed", "fast"])).toMatch(/--speed/);
    expect(errorOf(["--allowed-origin", "not a url"])).toMatch(/--allowed-origin/);
    expect(errorOf(["--allowed-origin", "http://localhost:3000/app"])).toMatch(/bare origin/);
    expect(errorOf(["--allowed-origin", "ftp://localhost"])).toMatch(/http or https/);
    expect(errorOf(["--port"])).toMatch(/--port needs a value/);
    expect(errorOf(["--port", "--host", "::1"])).toMatch(/--port needs a value/);
    expect(errorOf(["--verbose"])).toMatch(/unknown option --verbose/);
    expect(errorOf(["extra"])).toMatch(/unexpected argument/);
    expect(errorOf(["--port", "1", "--port", "2"])).toMatch(/more than once/);
  });

  it("accepts a negative seed", () => {
    expect(config(["--seed", "-7"]).seed).toBe(-7);
  });

  it("reads --clock and --session-end-delay", () => {
    expect(config(["--clock", "manual", "--session-end-delay=30"])).toMatchObject({
      clock: "manual",
      sessionEndDelaySeconds: 30,
    });
    expect(config(["--session-end-delay", "0"]).sessionEndDelaySeconds).toBe(0);
    expect(errorOf(["--clock", "fast"])).toMatch(/--clock must be one of real, manual/);
    expect(errorOf(["--clock", "manual", "--speed", "2"])).toMatch(/--speed cannot be combined with --clock manual/);
    expect(errorOf(["--session-end-delay", "-1"])).toMatch(/--session-end-delay must be a number of seconds/);
    const help = parseConfig(["--help"]);
    expect(help.kind === "help" && help.text).toMatch(/--clock <mode>[\s\S]*--session-end-delay/);
  });
});

describe("parseCredentials", () => {
  it("parses several keys with optional account ids", () => {
    expect(parseCredentials("AKIDA:secretA:111111111111, AKIDB:sec/ret+B")).toEqual([
      { accessKeyId: "AKIDA", secretAccessKey: "secretA", account: "111111111111" },
      { accessKeyId: "AKIDB", secretAccessKey: "sec/ret+B", account: "123456789012" },
    ]);
  });

  it("is used from IVS_EMULATOR_CREDENTIALS", () => {
    expect(config([], { IVS_EMULATOR_CREDENTIALS: "k:s:210987654321" }).credentials).toEqual([
      { accessKeyId: "k", secretAccessKey: "s", account: "210987654321" },
    ]);
  });

  it("rejects malformed entries", () => {
    expect(() => parseCredentials("")).toThrow(/empty/);
    expect(() => parseCredentials("onlyid")).toThrow(/accessKeyId:secretAccessKey\[:account\]/);
    expect(() => parseCredentials("a:b:c:d")).toThrow(/4 ":"-separated parts/);
    expect(() => parseCredentials("a:b:1234")).toThrow(/12 digits/);
    expect(() => parseCredentials("a:")).toThrow(/secret access key/);
    expect(() => parseCredentials(":b")).toThrow(/access key id/);
    expect(() => parseCredentials("a:b,a:c")).toThrow(/listed twice/);
    expect(() => parseCredentials("a:b,,c:d")).toThrow(/entry 2 is empty/);
  });
});
