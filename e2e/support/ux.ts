import AxeBuilder from "@axe-core/playwright";
import {
  CreateEncoderConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  IVSRealTimeClient,
  StartCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** Shared by the ux-*.spec.ts files: the emulator's SDK client and control API, and the checks they repeat. */
export const emulator = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;
export const region = "us-east-1";
const control = { authorization: "Bearer test:test" };

export const ivs = new IVSRealTimeClient({
  endpoint: emulator,
  region,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function createStage(name: string): Promise<string> {
  const { stage } = await ivs.send(new CreateStageCommand({ name, tags: { team: "ux" } }));
  if (!stage?.arn) throw new Error("CreateStage returned no stage");
  return stage.arn;
}

/** A participant joins the stage (publishing unless told otherwise); returns its participant id. */
export async function join(
  request: APIRequestContext,
  stageArn: string,
  userId: string,
  publish = true,
): Promise<string> {
  const response = await request.post(`${emulator}/_emulator/participants/join`, {
    headers: control,
    data: { stageArn, userId, publish },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { participantId: string }).participantId;
}

/** Starts an S3-recording composition on the stage (it needs a publisher to stay up); returns its ARN. */
export async function startComposition(stageArn: string): Promise<string> {
  const { encoderConfiguration } = await ivs.send(new CreateEncoderConfigurationCommand({ name: unique("ux-enc") }));
  const { storageConfiguration } = await ivs.send(
    new CreateStorageConfigurationCommand({ name: unique("ux-store"), s3: { bucketName: "ux-recordings" } }),
  );
  const { composition } = await ivs.send(
    new StartCompositionCommand({
      stageArn,
      destinations: [
        {
          s3: {
            storageConfigurationArn: storageConfiguration?.arn ?? "",
            encoderConfigurationArns: [encoderConfiguration?.arn ?? ""],
          },
        },
      ],
    }),
  );
  if (!composition?.arn) throw new Error("StartComposition returned nothing");
  return composition.arn;
}

/** Serious and critical axe violations on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

export const stagePath = (stageArn: string) => `/stages/${encodeURIComponent(stageArn)}?region=${region}`;
