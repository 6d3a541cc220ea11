"use client";

import { useState } from "react";
import { parseTagText } from "./tags";
import { toast } from "sonner";
import { createStorageConfigurationAction } from "@/app/actions/configurations";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, TextInput } from "@/components/ui/field";
import { FormProblems } from "@/components/ui/form-problems";
import type { ConsoleContext } from "@/lib/context";
import { operations, type InputOf } from "@/lib/ivs/operations";
import { fieldErrors } from "@/lib/ivs/validation-message";
import type { ErrorInfo } from "@/lib/result";
import { networkError, useRefreshReads } from "./common";
import { bucketNameProblems, bucketNameRules } from "./s3-bucket";

export function CreateStorageDialog({
  context,
  defaultOpen = false,
}: {
  context: ConsoleContext;
  defaultOpen?: boolean;
}) {
  const refresh = useRefreshReads(context);
  const [open, setOpen] = useState(defaultOpen);
  const [name, setName] = useState("");
  const [bucket, setBucket] = useState("");
  const [tags, setTags] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();

  const parsedTags = parseTagText(tags);
  const input: InputOf<"CreateStorageConfiguration"> = {
    ...(name ? { name } : {}),
    s3: { bucketName: bucket },
    ...(parsedTags.ok && Object.keys(parsedTags.tags).length ? { tags: parsedTags.tags } : {}),
  };
  const check = operations.CreateStorageConfiguration.input.safeParse(input);
  const errors = check.success ? {} : fieldErrors(check.error);
  const messages = (key: string) => [...(errors[key] ?? []), ...(error?.fields?.[key] ?? [])];
  const bucketProblems = bucketNameProblems(bucket);
  const valid = check.success && parsedTags.ok && bucketProblems.length === 0;
  // A blank bucket is "required", but only once the user has typed something (an empty new form is not an error).
  const [touched, setTouched] = useState(false);
  const bucketMessages = touched || bucket ? [...messages("s3.bucketName"), ...bucketProblems] : [];

  function close() {
    setOpen(false);
    setName("");
    setBucket("");
    setTags("");
    setTouched(false);
    setError(undefined);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!valid) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await createStorageConfigurationAction(context, input);
      if (!result.ok) return setError(result.error);
      toast.success(`Storage configuration ${result.data.storageConfiguration?.name || "(unnamed)"} created`);
      close();
      await refresh();
    } catch {
      setError(networkError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Create storage configuration
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => (next ? setOpen(true) : close())}
        title="Create storage configuration"
        description="An S3 bucket that compositions and individual participant recording write to."
      >
        <form onSubmit={submit} noValidate>
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
          <Field
            label="Tags"
            hint="key=value, separated by commas (at most 50)."
            errors={[...(parsedTags.ok ? [] : [parsedTags.error]), ...messages("tags")]}
          >
            {(props) => (
              <TextInput {...props} value={tags} onChange={(e) => setTags(e.target.value)} placeholder="team=archive" />
            )}
          </Field>
          {error && !error.fields ? (
            <ErrorPanel title="IVS refused to create the storage configuration" error={error} />
          ) : null}
          <FormProblems errors={{ ...errors, ...(error?.fields ?? {}) }} shown={["name", "s3.bucketName", "tags"]} />
          <div className="mt-4 flex justify-end gap-2">
            <Button onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={busy} disabled={!valid}>
              Create storage configuration
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
