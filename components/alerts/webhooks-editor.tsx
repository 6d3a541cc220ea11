"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { deleteWebhookAction, saveWebhookAction } from "@/app/actions/alerts";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import type { DeliveryView, WebhookFormat, WebhookView } from "@/lib/alerts/webhook-input";
import type { ErrorInfo } from "@/lib/result";

function WebhookForm({ webhook, onDone }: { webhook?: WebhookView; onDone: () => void }) {
  const router = useRouter();
  const [name, setName] = useState(webhook?.name ?? "");
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [format, setFormat] = useState<WebhookFormat>(webhook?.format ?? "json");
  const [secret, setSecret] = useState("");
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await saveWebhookAction({
        ...(webhook ? { id: webhook.id } : {}),
        name,
        url,
        format,
        enabled,
        ...(secret ? { secret } : {}),
      });
      if (result.ok) {
        setSecret("");
        toast.success(webhook ? "Webhook saved" : "Webhook added");
        onDone();
        router.refresh();
      } else setError(result.error);
    } catch {
      setError({ code: "NetworkError", message: "The console's server could not be reached.", retryable: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={webhook ? `Edit webhook ${webhook.name}` : "New webhook"}
      className="mb-6 rounded border border-room-700 bg-room-900 p-4"
    >
      {error && !error.fields ? <ErrorPanel title="The webhook was not saved" error={error} /> : null}
      {error?.fields ? (
        <p role="alert" className="mb-3 text-sm text-live">
          The webhook was not saved: fix the fields marked below.
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-x-4 md:grid-cols-2">
        <Field label="Name" errors={error?.fields?.name}>
          {(props) => <TextInput {...props} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field
          label="URL"
          hint="https://… (private or loopback addresses only when the console allows them)"
          errors={error?.fields?.url}
        >
          {(props) => (
            <TextInput
              {...props}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://hooks.example.com/alerts"
            />
          )}
        </Field>
        <Field label="Payload">
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={format}
              onChange={(e) => setFormat(e.target.value as WebhookFormat)}
            >
              <option value="json">Generic JSON</option>
              <option value="slack">Slack-compatible</option>
            </select>
          )}
        </Field>
        <Field
          label="Signing secret"
          hint={
            webhook
              ? "Saved and never shown again; leave empty to keep it"
              : "At least 16 characters; never shown again after saving"
          }
          errors={error?.fields?.secret}
        >
          {(props) => (
            <TextInput
              {...props}
              type="password"
              autoComplete="new-password"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          )}
        </Field>
      </div>
      <label className="mb-3 flex items-center gap-1.5 text-sm text-room-100">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Enabled
      </label>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" busy={busy}>
          {webhook ? "Save webhook" : "Add webhook"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

const outcomeStyle: Record<DeliveryView["outcome"], string> = {
  delivered: "text-ok",
  retrying: "text-warn",
  failed: "text-live",
};

export function WebhooksEditor({
  webhooks,
  deliveries,
}: {
  webhooks: readonly WebhookView[];
  deliveries: readonly DeliveryView[];
}) {
  const router = useRouter();
  const [editing, setEditing] = useState<number | "new" | undefined>();
  const [deleting, setDeleting] = useState<WebhookView | undefined>();
  const { data } = useQuery({
    queryKey: ["alerts", "deliveries"],
    queryFn: async (): Promise<{ deliveries: readonly DeliveryView[] }> => {
      const response = await fetch("/api/alerts/deliveries", { cache: "no-store" });
      if (!response.ok) throw new Error(`deliveries: HTTP ${response.status}`);
      return (await response.json()) as { deliveries: readonly DeliveryView[] };
    },
    initialData: { deliveries },
    refetchInterval: 3000,
  });

  return (
    <div>
      {editing === undefined ? (
        <div className="mb-4">
          <Button variant="primary" onClick={() => setEditing("new")}>
            Add webhook
          </Button>
        </div>
      ) : null}
      {editing === "new" ? <WebhookForm onDone={() => setEditing(undefined)} /> : null}
      {editing !== undefined && editing !== "new" ? (
        <WebhookForm
          key={editing}
          webhook={webhooks.find((hook) => hook.id === editing)}
          onDone={() => setEditing(undefined)}
        />
      ) : null}
      <div className="mb-8">
        <SimpleTable
          caption="Webhooks"
          rows={webhooks}
          rowKey={(hook) => String(hook.id)}
          empty="No webhooks yet."
          columns={[
            { header: "Name", className: "text-room-100", cell: (hook) => hook.name },
            { header: "URL", className: "break-all font-mono text-xs", cell: (hook) => hook.url },
            { header: "Payload", cell: (hook) => (hook.format === "slack" ? "Slack" : "JSON") },
            { header: "Secret", className: "text-room-300", cell: (hook) => (hook.hasSecret ? "set (hidden)" : "—") },
            { header: "Enabled", cell: (hook) => (hook.enabled ? "yes" : "no") },
            {
              header: "Actions",
              cell: (hook) => (
                <div className="flex gap-2">
                  <Button aria-label={`Edit webhook ${hook.name}`} onClick={() => setEditing(hook.id)}>
                    Edit
                  </Button>
                  <Button variant="ghost" aria-label={`Delete webhook ${hook.name}`} onClick={() => setDeleting(hook)}>
                    Delete
                  </Button>
                </div>
              ),
            },
          ]}
        />
      </div>
      <h2 className="mb-2 text-sm font-semibold text-room-100">Delivery log</h2>
      <SimpleTable
        caption="Delivery log"
        rows={data.deliveries}
        rowKey={(delivery) => String(delivery.id)}
        empty="Nothing sent yet."
        columns={[
          { header: "When", className: "whitespace-nowrap", cell: (delivery) => <Time iso={delivery.at} /> },
          { header: "Webhook", cell: (delivery) => delivery.webhookName },
          { header: "Alert", cell: (delivery) => `#${delivery.alertId} ${delivery.transition}` },
          { header: "Attempt", cell: (delivery) => delivery.attempt },
          {
            header: "Outcome",
            cell: (delivery) => (
              <span className={outcomeStyle[delivery.outcome]}>
                {delivery.outcome}
                {delivery.httpStatus !== null ? ` (HTTP ${delivery.httpStatus})` : ""}
                {delivery.error && delivery.httpStatus === null ? ` — ${delivery.error}` : ""}
              </span>
            ),
          },
          { header: "Time", cell: (delivery) => `${delivery.durationMs} ms` },
        ]}
      />
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => (open ? undefined : setDeleting(undefined))}
          title="Delete webhook"
          description={
            <>
              Delete the webhook <strong>{deleting.name}</strong>? Alerts are no longer sent to it.
            </>
          }
          confirmLabel="Delete webhook"
          action={() => deleteWebhookAction({ id: deleting.id })}
          onDone={() => {
            setDeleting(undefined);
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
