"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { createIngestConfigurationAction } from "@/app/actions/configurations";
import { useIvsAction } from "@/components/hooks/use-action";
import { Field, TextInput, inputClass } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import type { ConsoleContext } from "@/lib/context";
import { parseTags } from "@/lib/format";
import { parseTagText } from "./tags";
import type { IngestProtocol } from "@/lib/ivs/enums";
import { operations, type InputOf } from "@/lib/ivs/operations";
import { fieldErrors } from "@/lib/ivs/validation-message";
import { CheckboxField, labelOf, type CreateDialogProps } from "./common";
import { TagsField } from "./tags-field";

export interface StageOption {
  readonly arn: string;
  readonly name?: string;
}

interface Form {
  name: string;
  protocol: IngestProtocol;
  insecure: boolean;
  stageArn: string;
  userId: string;
  attributes: string;
  redundant: boolean;
  tags: string;
}

const blank: Form = {
  name: "",
  protocol: "RTMPS",
  insecure: false,
  stageArn: "",
  userId: "",
  attributes: "",
  redundant: false,
  tags: "",
};

const insecureIngestMessage = "RTMP requires insecure ingest: tick “Allow insecure ingest” or choose RTMPS.";

/** The CreateIngestConfiguration input a form describes (text errors of tags/attributes are reported apart). */
function ingestInput(form: Form): {
  input: InputOf<"CreateIngestConfiguration">;
  tagError?: string;
  attributeError?: string;
} {
  const tags = parseTagText(form.tags);
  const attributes = parseTags(form.attributes);
  return {
    input: {
      ...(form.name ? { name: form.name } : {}),
      ingestProtocol: form.protocol,
      ...(form.insecure ? { insecureIngest: true } : {}),
      ...(form.stageArn ? { stageArn: form.stageArn } : {}),
      ...(form.userId ? { userId: form.userId } : {}),
      ...(attributes.ok && Object.keys(attributes.tags).length ? { attributes: attributes.tags } : {}),
      ...(form.redundant ? { redundantIngest: true } : {}),
      ...(tags.ok && Object.keys(tags.tags).length ? { tags: tags.tags } : {}),
    },
    ...(tags.ok ? {} : { tagError: tags.error }),
    ...(attributes.ok ? {} : { attributeError: attributes.error }),
  };
}

export function CreateIngestDialog({
  context,
  stages,
  onCreated,
  ...dialog
}: {
  context: ConsoleContext;
  stages: readonly StageOption[];
} & CreateDialogProps) {
  const action = useIvsAction(context, createIngestConfigurationAction);
  const id = useId();
  const [form, setForm] = useState<Form>(blank);

  const { input, tagError, attributeError } = ingestInput(form);
  const check = operations.CreateIngestConfiguration.input.safeParse(input);
  const errors = check.success ? {} : fieldErrors(check.error);
  const messages = (key: string) => [...(errors[key] ?? []), ...(action.error?.fields?.[key] ?? [])];
  const insecureErrors = messages("insecureIngest").length ? [insecureIngestMessage] : [];
  const valid = check.success && !tagError && !attributeError;

  function set<K extends keyof Form>(key: K, value: Form[K]) {
    setForm((current) => ({ ...current, [key]: value }));
  }

  return (
    <FormDialog
      {...dialog}
      label="Create ingest configuration"
      wide
      description="A stream key for an RTMP(S) encoder (OBS, a hardware encoder…) that publishes into a stage as a participant."
      canSubmit={valid}
      action={action}
      errorTitle="IVS refused to create the ingest configuration"
      problems={{
        errors,
        shown: [
          "name",
          "stageArn",
          "userId",
          "attributes",
          "redundantIngest",
          "insecureIngest",
          "ingestProtocol",
          "tags",
        ],
      }}
      onClosed={() => {
        setForm(blank);
      }}
      onSubmit={async () => {
        if (!valid) return false;
        const result = await action.run(input);
        if (!result.ok) return false;
        const created = result.data.ingestConfiguration;
        toast.success(
          `Ingest configuration ${created ? labelOf(created) : ""} created. Open its details to reveal the stream key.`,
        );
        if (created) onCreated?.(created.arn);
        return true;
      }}
    >
      <div className="grid gap-x-3 sm:grid-cols-2">
        <Field label="Name" hint="Letters, digits, - and _; up to 128 characters." errors={messages("name")}>
          {(props) => (
            <TextInput
              {...props}
              value={form.name}
              onChange={(e) => set("name", e.target.value)}
              placeholder="studio-encoder"
            />
          )}
        </Field>
        <Field
          label="Stage to attach"
          hint="Without a stage the stream key cannot be used; you can attach one later."
          errors={messages("stageArn")}
        >
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={form.stageArn}
              onChange={(e) => set("stageArn", e.target.value)}
            >
              <option value="">None (attach later)</option>
              {stages.map((stage) => (
                <option key={stage.arn} value={stage.arn}>
                  {labelOf(stage)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="mb-3 rounded border border-room-700 p-3">
        <legend className="px-1 text-xs font-medium text-room-300">Protocol</legend>
        <div className="mb-2 flex gap-4 text-sm">
          {(["RTMPS", "RTMP"] as const).map((protocol) => (
            <label key={protocol} className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                name={`${id}-protocol`}
                value={protocol}
                checked={form.protocol === protocol}
                onChange={() => set("protocol", protocol)}
              />
              {protocol}
            </label>
          ))}
        </div>
        <p className="mb-2 text-xs text-room-300">
          RTMPS (port 443, encrypted) is recommended. Plain RTMP sends the stream key in clear text.
        </p>
        <CheckboxField
          id={`${id}-insecure`}
          label="Allow insecure ingest (insecureIngest)"
          checked={form.insecure}
          onChange={(checked) => set("insecure", checked)}
          hint="Required for RTMP; without it IVS rejects RTMP connections."
          errors={insecureErrors}
        />
      </fieldset>
      <div className="grid gap-x-3 sm:grid-cols-2">
        <Field
          label="User id"
          hint="Shown to other participants; up to 128 characters. No personal data."
          errors={messages("userId")}
        >
          {(props) => (
            <TextInput
              {...props}
              value={form.userId}
              onChange={(e) => set("userId", e.target.value)}
              placeholder="studio-cam-1"
            />
          )}
        </Field>
        <Field
          label="Attributes"
          hint="key=value pairs, at most 1 KB in total."
          errors={[...(attributeError ? [attributeError] : []), ...messages("attributes")]}
        >
          {(props) => (
            <TextInput
              {...props}
              value={form.attributes}
              onChange={(e) => set("attributes", e.target.value)}
              placeholder="featured=true"
            />
          )}
        </Field>
      </div>
      <CheckboxField
        id={`${id}-redundant`}
        label="Redundant ingest"
        checked={form.redundant}
        onChange={(checked) => set("redundant", checked)}
        hint="Adds a second stream key for a backup encoder path."
        errors={messages("redundantIngest")}
      />
      <TagsField
        value={form.tags}
        onChange={(text) => set("tags", text)}
        placeholder="team=studio"
        parseError={tagError}
        errors={messages("tags")}
      />
    </FormDialog>
  );
}
