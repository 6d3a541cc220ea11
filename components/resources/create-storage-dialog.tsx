"use client";

import { useState } from "react";
import { toast } from "sonner";
import { createStorageConfigurationAction } from "@/app/actions/configurations";
import { useIvsAction } from "@/components/hooks/use-action";
import { Field, TextInput } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import type { ConsoleContext } from "@/lib/context";
import { operations, type InputOf } from "@/lib/ivs/operations";
import { fieldErrors } from "@/lib/ivs/validation-message";
import type { CreateDialogProps } from "./common";
import { bucketNameProblems, bucketNameRules } from "./s3-bucket";
import { parseTagText } from "./tags";
import { TagsField } from "./tags-field";

export function CreateStorageDialog({
  context,
  onCreated,
  ...dialog
}: {
  context: ConsoleContext;
} & CreateDialogProps) {
  const action = useIvsAction(context, createStorageConfigurationAction);
  const [name, setName] = useState("");
  const [bucket, setBucket] = useState("");
  const [tags, setTags] = useState("");
  // A blank bucket is "required", but only once the user has typed something (an empty new form is not an error).
  const [touched, setTouched] = useState(false);

  const parsedTags = parseTagText(tags);
  const input: InputOf<"CreateStorageConfiguration"> = {
    ...(name ? { name } : {}),
    s3: { bucketName: bucket },
    ...(parsedTags.ok && Object.keys(parsedTags.tags).length ? { tags: parsedTags.tags } : {}),
  };
  const check = operations.CreateStorageConfiguration.input.safeParse(input);
  const errors = check.success ? {} : fieldErrors(check.error);
  const messages = (key: string) => [...(errors[key] ?? []), ...(action.error?.fields?.[key] ?? [])];
  const bucketProblems = bucketNameProblems(bucket);
  const valid = check.success && parsedTags.ok && bucketProblems.length === 0;
  const bucketMessages = touched || bucket ? [...messages("s3.bucketName"), ...bucketProblems] : [];

  return (
    <FormDialog
      {...dialog}
      label="Create storage configuration"
      description="An S3 bucket that compositions and individual participant recording write to."
      canSubmit={valid}
      action={action}
      errorTitle="IVS refused to create the storage configuration"
      problems={{ errors, shown: ["name", "s3.bucketName", "tags"] }}
      onClosed={() => {
        setName("");
        setBucket("");
        setTags("");
        setTouched(false);
      }}
      onSubmit={async () => {
        setTouched(true);
        if (!valid) return false;
        const result = await action.run(input);
        if (!result.ok) return false;
        const created = result.data.storageConfiguration;
        toast.success(`Storage configuration ${created?.name || "(unnamed)"} created`);
        if (created) onCreated?.(created.arn);
        return true;
      }}
    >
      <Field label="Name" hint="Letters, digits, - and _; up to 128 characters." errors={messages("name")}>
        {(props) => (
          <TextInput {...props} value={name} onChange={(e) => setName(e.target.value)} placeholder="show-archive" />
        )}
      </Field>
      <Field label="S3 bucket name" hint={bucketNameRules} errors={bucketMessages}>
        {(props) => (
          <TextInput
            {...props}
            value={bucket}
            onChange={(e) => setBucket(e.target.value)}
            onBlur={() => setTouched(true)}
            placeholder="my-ivs-recordings"
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <TagsField
        value={tags}
        onChange={setTags}
        placeholder="team=archive"
        parseError={parsedTags.ok ? undefined : parsedTags.error}
        errors={messages("tags")}
      />
    </FormDialog>
  );
}
