/** What an admin may save as an alert webhook (zod, field-level messages). Pure and isomorphic. */
import { z } from "zod";

/**
 * Why a webhook URL's shape is refused, or undefined when it is acceptable. Which addresses it may reach (no
 * private or loopback ones unless the console allows them) is the server's check: server/alerts/webhook-policy.ts.
 */
export function webhookUrlProblem(text: string): string | undefined {
  if (text.length > 2048) return "A webhook URL can be at most 2,048 characters.";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter a full URL, e.g. https://hooks.example.com/alerts.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return "A webhook URL starts with https:// (or http:// to a private receiver the console allows).";
  if (url.username || url.password)
    return "Put no user name or password in the URL: the console signs each request instead.";
  if (url.hash) return "A webhook URL has no #fragment.";
  return undefined;
}

export const webhookFormats = ["json", "slack"] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

export const SaveWebhookInput = z
  .object({
    id: z.number().int().positive().optional(),
    name: z.string().trim().min(1, "Enter a name.").max(80, "A name can be at most 80 characters."),
    url: z
      .string()
      .trim()
      .min(1, "Enter the URL to POST to.")
      .superRefine((value, ctx) => {
        const problem = webhookUrlProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    format: z.enum(webhookFormats, { error: "Choose generic JSON or Slack." }),
    /** Required when creating; empty when updating keeps the saved secret (which is never sent back). */
    secret: z.string().max(256, "A secret can be at most 256 characters.").optional(),
    enabled: z.boolean(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const secret = value.secret ?? "";
    if (value.id === undefined && secret.length === 0)
      ctx.addIssue({ code: "custom", path: ["secret"], message: "Enter a signing secret (at least 16 characters)." });
    else if (secret.length > 0 && secret.length < 16)
      ctx.addIssue({ code: "custom", path: ["secret"], message: "A signing secret has at least 16 characters." });
  });
export type SaveWebhookInput = z.infer<typeof SaveWebhookInput>;

export const WebhookIdInput = z.object({ id: z.number().int().positive() }).strict();

/** A webhook as the browser sees it: never its secret. */
export interface WebhookView {
  readonly id: number;
  readonly name: string;
  readonly url: string;
  readonly format: WebhookFormat;
  readonly enabled: boolean;
  readonly hasSecret: boolean;
  readonly updatedAt: string;
}

export interface DeliveryView {
  readonly id: number;
  readonly webhookId: number;
  readonly webhookName: string;
  readonly alertId: number;
  readonly transition: string;
  readonly attempt: number;
  readonly outcome: "delivered" | "retrying" | "failed";
  readonly httpStatus: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly at: string;
}
