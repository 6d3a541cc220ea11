import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

/** The problems `parseEnv` reports for `source` (empty when it accepts). */
function problems(source: Record<string, string>): readonly string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
}

describe("parseEnv", () => {
  it("gives the documented defaults for an empty environment (blank counts as unset)", () => {
    const vars = parseEnv({ CONSOLE_RETENTION_DAYS: " ", IVS_ENDPOINT: "" });
    expect(vars).toMatchObject({
      region: "us-east-1",
      observeScopes: [{ region: "us-east-1", profile: "" }],
      PORT: 3000,
      CONSOLE_COLLECTOR: true,
      CONSOLE_RETENTION_DAYS: 30,
      CONSOLE_DB_PATH: "data/console.db",
      CONSOLE_ADMIN_USER: "admin",
      CONSOLE_SECURE_COOKIES: false,
      CONSOLE_SESSION_IDLE_MINUTES: 30,
      CONSOLE_SESSION_MAX_HOURS: 12,
      CONSOLE_SIGNIN_MAX_FAILURES: 5,
      CONSOLE_SIGNIN_MAX_FAILURES_PER_IP: 20,
      CONSOLE_SIGNIN_LOCKOUT_MINUTES: 15,
      strictResponses: true,
    });
    expect(vars.IVS_ENDPOINT).toBeUndefined();
    expect(vars.CONSOLE_EVENTS_API_KEY).toBeUndefined();
  });

  it("reads good values", () => {
    const vars = parseEnv({
      NODE_ENV: "production",
      AWS_DEFAULT_REGION: "eu-west-1",
      IVS_ENDPOINT: "http://127.0.0.1:4599/",
      CONSOLE_COLLECTOR: "OFF",
      CONSOLE_OBSERVE_REGIONS: "us-east-1, prod@us-west-2",
      CONSOLE_RETENTION_DAYS: "7",
      CONSOLE_ADMIN_USER: "Ops.Lead",
      CONSOLE_SECURE_COOKIES: "1",
      CONSOLE_SIGNIN_MAX_FAILURES: "3",
    });
    expect(vars).toMatchObject({
      region: "eu-west-1",
      IVS_ENDPOINT: "http://127.0.0.1:4599",
      CONSOLE_COLLECTOR: false,
      observeScopes: [
        { region: "us-east-1", profile: "" },
        { region: "us-west-2", profile: "prod" },
      ],
      CONSOLE_RETENTION_DAYS: 7,
      CONSOLE_ADMIN_USER: "ops.lead",
      CONSOLE_SECURE_COOKIES: true,
      CONSOLE_SIGNIN_MAX_FAILURES: 3,
      strictResponses: false,
    });
    expect(parseEnv({ AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "eu-west-1" }).region).toBe("us-west-2");
    expect(parseEnv({ NODE_ENV: "production", IVS_STRICT_RESPONSES: "1" }).strictResponses).toBe(true);
  });

  // One refusal per variable: the message names the variable and says what it expects.
  const refusals: [name: string, value: string, expects: RegExp][] = [
    ["PORT", "80a", /port number/],
    ["PORT", "70000", /port number/],
    ["AWS_REGION", "useast1", /region such as us-east-1/],
    ["AWS_DEFAULT_REGION", "US-EAST-1", /region such as us-east-1/],
    ["AWS_PROFILE", "my profile", /profile name/],
    ["IVS_ENDPOINT", "127.0.0.1:4599", /http\(s\) URL/],
    ["IVS_ENDPOINT", "ftp://127.0.0.1", /http\(s\) URL/],
    ["IVS_STRICT_RESPONSES", "yes", /"1" or "0"/],
    ["CONSOLE_COLLECTOR", "maybe", /"on" or "off"/],
    ["CONSOLE_OBSERVE_REGIONS", "us-east-1,nowhere", /"nowhere" is neither/],
    ["CONSOLE_OBSERVE_REGIONS", "bad profile@us-east-1", /profile@region/],
    ["CONSOLE_RETENTION_DAYS", "abc", /days between 1 and 3650/],
    ["CONSOLE_RETENTION_DAYS", "0", /days between 1 and 3650/],
    ["CONSOLE_RETENTION_DAYS", "4000", /days between 1 and 3650/],
    ["CONSOLE_PUBLIC_URL", "console.example.com", /http\(s\) URL/],
    ["CONSOLE_WEBHOOK_ALLOW_PRIVATE", "yes", /"1" or "0"/],
    ["CONSOLE_ADMIN_USER", "not valid!", /user name/],
    ["CONSOLE_SECURE_COOKIES", "true", /"1" or "0"/],
    ["CONSOLE_SESSION_IDLE_MINUTES", "-5", /minutes between 1 and 10080/],
    ["CONSOLE_SESSION_MAX_HOURS", "twelve", /hours between 1 and 8760/],
    ["CONSOLE_SIGNIN_MAX_FAILURES", "2.5", /whole number between 1 and 1000/],
    ["CONSOLE_SIGNIN_MAX_FAILURES_PER_IP", "0", /whole number between 1 and 100000/],
    ["CONSOLE_SIGNIN_LOCKOUT_MINUTES", "1e3", /minutes between 1 and 10080/],
  ];
  it.each(refusals)("refuses %s=%s", (name, value, expects) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: `));
    expect(found[0]).toMatch(expects);
    expect(found[0]).toContain(`(got "${value.trim()}")`);
  });

  it("names a secret variable without showing its value", () => {
    const password = "short-pw";
    const key = "k".repeat(513);
    const found = problems({ CONSOLE_ADMIN_PASSWORD: password, CONSOLE_EVENTS_API_KEY: key });
    expect(found).toEqual([
      "CONSOLE_EVENTS_API_KEY: expected at most 512 characters",
      "CONSOLE_ADMIN_PASSWORD: expected at least 12 characters",
    ]);
    expect(found.join("\n")).not.toContain(password);
  });

  it("reports every bad variable at once", () => {
    const found = problems({ CONSOLE_COLLECTOR: "x", CONSOLE_RETENTION_DAYS: "y", PORT: "z" });
    expect(found.map((line) => line.split(":")[0]).sort()).toEqual([
      "CONSOLE_COLLECTOR",
      "CONSOLE_RETENTION_DAYS",
      "PORT",
    ]);
  });
});

describe("checkEnv", () => {
  it("stops the process with exit 1 and a message naming the variable", () => {
    const script = ['import { checkEnv } from "./server/env.ts";', "checkEnv();", 'console.log("still running");'].join(
      "\n",
    );
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "--conditions", "react-server", "--input-type=module", "-e", script],
      {
        env: { ...process.env, CONSOLE_RETENTION_DAYS: "abc", CONSOLE_ADMIN_PASSWORD: "secret-pw" },
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain("still running");
    expect(run.stderr).toContain("Console not started.");
    expect(run.stderr).toContain('CONSOLE_RETENTION_DAYS: expected a number of days between 1 and 3650 (got "abc")');
    expect(run.stderr).toContain("CONSOLE_ADMIN_PASSWORD: expected at least 12 characters");
    expect(run.stderr).not.toContain("secret-pw");
  });
});
