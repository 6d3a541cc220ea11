"use client";

import { useQueryClient } from "@tanstack/react-query";
import { parseTagText } from "./tags";
import { useId, useState } from "react";
import { toast } from "sonner";
import { createEncoderConfigurationAction } from "@/app/actions/configurations";
import { useIvsAction } from "@/components/hooks/use-action";
import { Field, TextInput } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import type { ConsoleContext } from "@/lib/context";
import { operations, type InputOf } from "@/lib/ivs/operations";
import { MAX_VIDEO_PIXELS } from "@/lib/ivs/primitives";
import { fieldErrors } from "@/lib/ivs/validation-message";
import { seedRead, type CreateDialogProps } from "./common";
import {
  defaultVideo,
  encoderPresets,
  exceedsPublishLimit,
  fieldsOf,
  formatBitrate,
  presetMatching,
  videoFromFields,
  type PresetChoice,
  type VideoFields,
} from "./presets";
import { TagsField } from "./tags-field";

const firstPreset = encoderPresets[0]?.video ?? defaultVideo;

export function CreateEncoderDialog({
  context,
  onCreated,
  ...dialog
}: {
  context: ConsoleContext;
} & CreateDialogProps) {
  const queryClient = useQueryClient();
  const action = useIvsAction(context, createEncoderConfigurationAction);
  const groupId = useId();
  const [name, setName] = useState("");
  const [tags, setTags] = useState("");
  const [fields, setFields] = useState<VideoFields>(fieldsOf(firstPreset));
  const [choice, setChoice] = useState<PresetChoice>(presetMatching(fieldsOf(firstPreset)));

  const parsedTags = parseTagText(tags);
  const video = videoFromFields(fields);
  const input: InputOf<"CreateEncoderConfiguration"> = {
    ...(name ? { name } : {}),
    video,
    ...(parsedTags.ok && Object.keys(parsedTags.tags).length ? { tags: parsedTags.tags } : {}),
  };
  const check = operations.CreateEncoderConfiguration.input.safeParse(input);
  const errors = check.success ? {} : fieldErrors(check.error);
  const messages = (key: string) => [...(errors[key] ?? []), ...(action.error?.fields?.[key] ?? [])];
  const valid = check.success && parsedTags.ok;

  function pick(id: PresetChoice) {
    setChoice(id);
    const preset = encoderPresets.find((p) => p.id === id);
    if (preset) setFields(fieldsOf(preset.video));
  }

  function setField(key: keyof VideoFields, value: string) {
    const next = { ...fields, [key]: value };
    setFields(next);
    setChoice(presetMatching(next));
  }

  const selected = encoderPresets.find((p) => p.id === choice);
  const pixels = (video.width ?? defaultVideo.width) * (video.height ?? defaultVideo.height);

  return (
    <FormDialog
      {...dialog}
      label="Create encoder configuration"
      wide
      description="How a composition encodes its output. Start from a preset or enter your own values."
      canSubmit={valid}
      action={action}
      errorTitle="IVS refused to create the encoder configuration"
      problems={{ errors, shown: ["name", "video", "tags"] }}
      onClosed={() => {
        setName("");
        setTags("");
        setFields(fieldsOf(firstPreset));
        setChoice(presetMatching(fieldsOf(firstPreset)));
      }}
      onSubmit={async () => {
        if (!valid) return false;
        const result = await action.run(input);
        if (!result.ok) return false;
        const created = result.data.encoderConfiguration;
        // The answer holds the full configuration: seed its detail read so the new row shows its video at once.
        if (created) {
          seedRead(
            queryClient,
            context,
            "GetEncoderConfiguration",
            { arn: created.arn },
            { encoderConfiguration: created },
          );
          onCreated?.(created.arn);
        }
        toast.success(`Encoder configuration ${created?.name || "(unnamed)"} created`);
        return true;
      }}
    >
      <Field label="Name" hint="Letters, digits, - and _; up to 128 characters." errors={messages("name")}>
        {(props) => (
          <TextInput {...props} value={name} onChange={(e) => setName(e.target.value)} placeholder="studio-1080p" />
        )}
      </Field>
      <fieldset className="mb-3">
        <legend className="mb-1 text-xs font-medium text-room-300">Preset</legend>
        <div className="grid grid-cols-2 gap-1.5 sm:grid-cols-4">
          {[...encoderPresets.map((p) => ({ id: p.id, label: p.label })), { id: "custom", label: "Custom" }].map(
            (option) => (
              <label
                key={option.id}
                className={`flex cursor-pointer items-center gap-2 rounded border px-2 py-1.5 text-xs ${
                  choice === option.id
                    ? "border-accent bg-accent/10 text-room-100"
                    : "border-room-700 text-room-300 hover:border-room-500"
                }`}
              >
                <input
                  type="radio"
                  name={`${groupId}-preset`}
                  value={option.id}
                  checked={choice === option.id}
                  onChange={() => pick(option.id)}
                />
                {option.label}
              </label>
            ),
          )}
        </div>
        <p className="mt-1.5 text-xs text-room-300">
          {selected
            ? selected.description
            : "Your own values. Blank fields take the service defaults (1280×720, 30 fps, 2.5 Mbps)."}
        </p>
      </fieldset>
      <div className="grid grid-cols-2 gap-x-3 sm:grid-cols-4">
        <Field label="Width (px)" hint="Even, 2–1920" errors={messages("video.width")}>
          {(props) => (
            <TextInput
              {...props}
              inputMode="numeric"
              value={fields.width}
              onChange={(e) => setField("width", e.target.value)}
            />
          )}
        </Field>
        <Field label="Height (px)" hint="Even, 2–1920" errors={messages("video.height")}>
          {(props) => (
            <TextInput
              {...props}
              inputMode="numeric"
              value={fields.height}
              onChange={(e) => setField("height", e.target.value)}
            />
          )}
        </Field>
        <Field label="Frame rate (fps)" hint="1–60" errors={messages("video.framerate")}>
          {(props) => (
            <TextInput
              {...props}
              inputMode="decimal"
              value={fields.framerate}
              onChange={(e) => setField("framerate", e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Bitrate (bps)"
          hint={
            video.bitrate !== undefined && Number.isFinite(video.bitrate)
              ? `= ${formatBitrate(video.bitrate)}; max 8,500,000`
              : "1–8,500,000"
          }
          errors={messages("video.bitrate")}
        >
          {(props) => (
            <TextInput
              {...props}
              inputMode="numeric"
              value={fields.bitrate}
              onChange={(e) => setField("bitrate", e.target.value)}
            />
          )}
        </Field>
      </div>
      {messages("video").length ? (
        <p role="alert" className="-mt-1 mb-3 text-xs text-live">
          Width × height must be at most {MAX_VIDEO_PIXELS.toLocaleString("en-US")} pixels (1920×1080 either way);
          {Number.isFinite(pixels) ? ` this is ${pixels.toLocaleString("en-US")}.` : ""}
        </p>
      ) : exceedsPublishLimit(video) ? (
        <p className="-mt-1 mb-3 text-xs text-room-300">
          Note: participants publish at most 720p; this size suits a composition that combines several of them.
        </p>
      ) : null}
      <TagsField
        value={tags}
        onChange={setTags}
        placeholder="team=studio"
        parseError={parsedTags.ok ? undefined : parsedTags.error}
        errors={messages("tags")}
      />
    </FormDialog>
  );
}
