import { expect } from "@playwright/test";

/** The e2e emulator's base URL and its control API (`/_emulator/…`, Bearer test:test, region us-east-1). */
export const emulatorUrl = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;

export async function control(method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulatorUrl}/_emulator/${path}`, {
    method,
    headers: { authorization: "Bearer test:test", "content-type": "application/json" },
    body: body ? JSON.stringify({ region: "us-east-1", ...body }) : undefined,
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}
