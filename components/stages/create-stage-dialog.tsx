"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { createStageAction } from "@/app/actions/stages";
import { useIvsAction } from "@/components/hooks/use-action";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, TextInput, inputClass } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import type { ConsoleContext } from "@/lib/context";
import { parseTagText } from "@/components/resources/tags";
import { CreateStageInput, type InputOf, type OutputOf } from "@/lib/ivs/operations";
import { fieldErrors } from "@/lib/ivs/validation-message";
import { link, routes } from "@/lib/routes";
import { TagsField } from "@/components/resources/tags-field";

interface Form {
  name: string;
  tags: string;
  storageConfigurationArn: string;
  mediaType: "AUDIO_VIDEO" | "AUDIO_ONLY" | "NONE";
  thumbnails: boolean;
  thumbnailInterval: string;
  segmentSeconds: string;
  reconnectWindow: string;
  recordReplicas: boolean;
  tokenCount: string;
  tokenCapabilities: "PUBLISH_SUBSCRIBE" | "SUBSCRIBE";
}

const blank: Form = {
  name: "",
  tags: "",
  storageConfigurationArn: "",
  mediaType: "AUDIO_VIDEO",
  thumbnails: false,
  thumbnailInterval: "60",
  segmentSeconds: "6",
  reconnectWindow: "0",
  recordReplicas: true,
  tokenCount: "0",
  tokenCapabilities: "PUBLISH_SUBSCRIBE",
};

const num = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** The CreateStage input a form describes; tags text errors are reported separately. */
function toInput(form: Form): { input: InputOf<"CreateStage">; tagError?: string } {
  const tags = parseTagText(form.tags);
  const recording = form.storageConfigurationArn
    ? {
        autoParticipantRecordingConfiguration: {
          storageConfigurationArn: form.storageConfigurationArn,
          mediaTypes: [form.mediaType],
          thumbnailConfiguration: form.thumbnails
            ? {
                recordingMode: "INTERVAL" as const,
                targetIntervalSeconds: num(form.thumbnailInterval),
                storage: ["SEQUENTIAL" as const],
              }
            : { recordingMode: "DISABLED" as const },
          hlsConfiguration: { targetSegmentDurationSeconds: num(form.segmentSeconds) },
          recordingReconnectWindowSeconds: num(form.reconnectWindow),
          recordParticipantReplicas: form.recordReplicas,
        },
      }
    : {};
  const count = num(form.tokenCount);
  const capabilities =
    form.tokenCapabilities === "SUBSCRIBE" ? (["SUBSCRIBE"] as const) : (["PUBLISH", "SUBSCRIBE"] as const);
  const tokens =
    count > 0
      ? { participantTokenConfigurations: Array.from({ length: count }, () => ({ capabilities: [...capabilities] })) }
      : {};
  return {
    input: {
      ...(form.name ? { name: form.name } : {}),
      ...(tags.ok && Object.keys(tags.tags).length ? { tags: tags.tags } : {}),
      ...recording,
      ...tokens,
    },
    ...(tags.ok ? {} : { tagError: tags.error }),
  };
}

export function CreateStageDialog({
  context,
  storageConfigurations,
  defaultOpen = false,
}: {
  context: ConsoleContext;
  storageConfigurations: readonly { arn: string; name?: string }[];
  defaultOpen?: boolean;
}) {
  const router = useRouter();
  const action = useIvsAction(context, createStageAction);
  const [form, setForm] = useState<Form>(blank);
  const [created, setCreated] = useState<OutputOf<"CreateStage"> | undefined>();

  const { input, tagError } = toInput(form);
  const check = CreateStageInput.safeParse(input);
  const errors = check.success ? {} : fieldErrors(check.error);
  const serverFields = action.error?.fields ?? {};
  const fieldMessages = (key: string) => [...(errors[key] ?? []), ...(serverFields[key] ?? [])];
  const recordingKey = "autoParticipantRecordingConfiguration";
  const openStage = (arn: string | undefined) => (arn ? router.push(link(context, routes.stage(arn))) : undefined);

  function set<K extends keyof Form>(key: K, value: Form[K]) {
    setForm((current) => ({ ...current, [key]: value }));
  }

  return (
    <FormDialog
      defaultOpen={defaultOpen}
      label="Create stage"
      wide
      canSubmit={check.success && !tagError}
      action={action}
      errorTitle="IVS refused to create the stage"
      problems={{
        errors,
        shown: ["name", "tags", "autoParticipantRecordingConfiguration", "participantTokenConfigurations"],
      }}
      onClosed={() => {
        // After a creation, closing opens the new stage.
        openStage(created?.stage?.arn);
        setForm(blank);
        setCreated(undefined);
      }}
      onSubmit={async () => {
        if (!check.success || tagError) return false;
        const result = await action.run(input);
        if (!result.ok) return false;
        toast.success(`Stage ${result.data.stage?.name || "(unnamed)"} created`);
        // Tokens are shown once, here; the new stage opens when they have been copied (Done).
        if (result.data.participantTokens?.length) {
          setCreated(result.data);
          return false;
        }
        openStage(result.data.stage?.arn);
        return true;
      }}
      doneLabel="Done: open the stage"
      done={
        created ? (
          <>
            <p className="mb-2 text-sm text-room-100">
              The stage is ready. These participant tokens are shown <strong>once</strong>: copy them now.
            </p>
            <ul className="mb-4 space-y-2">
              {created.participantTokens?.map((token, index) => (
                <li key={token.participantId ?? index} className="rounded border border-room-700 p-2 text-xs">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-mono text-room-300">participant {token.participantId}</span>
                    {token.token ? <CopyButton value={token.token} label={`Copy token ${index + 1}`} /> : null}
                  </div>
                  <p className="mt-1 text-room-300">
                    Expires {token.expirationTime ?? "—"} · {token.capabilities?.join(" + ")}
                  </p>
                </li>
              ))}
            </ul>
          </>
        ) : undefined
      }
    >
      <Field
        label="Name"
        hint="Letters, digits, - and _; up to 128 characters. Names need not be unique."
        errors={fieldMessages("name")}
      >
        {(props) => (
          <TextInput
            {...props}
            value={form.name}
            onChange={(e) => set("name", e.target.value)}
            placeholder="morning-show"
          />
        )}
      </Field>
      <TagsField
        value={form.tags}
        onChange={(text) => set("tags", text)}
        placeholder="team=news, show=morning"
        parseError={tagError}
        errors={fieldMessages("tags")}
      />
      <fieldset className="mb-3 rounded border border-room-700 p-3">
        <legend className="px-1 text-xs font-medium text-room-300">Individual participant recording</legend>
        <Field
          label="Storage configuration"
          hint="Every publisher is recorded to this S3 bucket. None = no recording."
          errors={fieldMessages(`${recordingKey}.storageConfigurationArn`)}
        >
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={form.storageConfigurationArn}
              onChange={(e) => set("storageConfigurationArn", e.target.value)}
            >
              <option value="">None</option>
              {storageConfigurations.map((s) => (
                <option key={s.arn} value={s.arn}>
                  {s.name || s.arn}
                </option>
              ))}
            </select>
          )}
        </Field>
        {form.storageConfigurationArn ? (
          <div className="grid grid-cols-2 gap-x-3">
            <Field label="Media" errors={fieldMessages(`${recordingKey}.mediaTypes`)}>
              {(props) => (
                <select
                  {...props}
                  className={inputClass}
                  value={form.mediaType}
                  onChange={(e) => set("mediaType", e.target.value as Form["mediaType"])}
                >
                  <option value="AUDIO_VIDEO">Audio and video</option>
                  <option value="AUDIO_ONLY">Audio only</option>
                  <option value="NONE">None (thumbnails only)</option>
                </select>
              )}
            </Field>
            <Field
              label="HLS segment (s)"
              hint="2–10"
              errors={fieldMessages(`${recordingKey}.hlsConfiguration.targetSegmentDurationSeconds`)}
            >
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  value={form.segmentSeconds}
                  onChange={(e) => set("segmentSeconds", e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Reconnect window (s)"
              hint="0–300; rejoins within it continue the same recording"
              errors={fieldMessages(`${recordingKey}.recordingReconnectWindowSeconds`)}
            >
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  value={form.reconnectWindow}
                  onChange={(e) => set("reconnectWindow", e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Thumbnail interval (s)"
              hint="1–86400, when thumbnails are on"
              errors={fieldMessages(`${recordingKey}.thumbnailConfiguration.targetIntervalSeconds`)}
            >
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  disabled={!form.thumbnails}
                  value={form.thumbnailInterval}
                  onChange={(e) => set("thumbnailInterval", e.target.value)}
                />
              )}
            </Field>
            <label className="mb-3 flex items-center gap-2 text-sm text-room-100">
              <input type="checkbox" checked={form.thumbnails} onChange={(e) => set("thumbnails", e.target.checked)} />{" "}
              Record thumbnails
            </label>
            <label className="mb-3 flex items-center gap-2 text-sm text-room-100">
              <input
                type="checkbox"
                checked={form.recordReplicas}
                onChange={(e) => set("recordReplicas", e.target.checked)}
              />{" "}
              Record replicas too
            </label>
          </div>
        ) : null}
      </fieldset>
      <div className="grid grid-cols-2 gap-x-3">
        <Field
          label="Initial participant tokens"
          hint="0–12, each shown once after creation"
          errors={fieldMessages("participantTokenConfigurations")}
        >
          {(props) => (
            <TextInput
              {...props}
              inputMode="numeric"
              value={form.tokenCount}
              onChange={(e) => set("tokenCount", e.target.value)}
            />
          )}
        </Field>
        <Field label="Token capabilities">
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={form.tokenCapabilities}
              onChange={(e) => set("tokenCapabilities", e.target.value as Form["tokenCapabilities"])}
            >
              <option value="PUBLISH_SUBSCRIBE">Publish and subscribe</option>
              <option value="SUBSCRIBE">Subscribe only</option>
            </select>
          )}
        </Field>
      </div>
    </FormDialog>
  );
}
