import { Field, TextInput } from "@/components/ui/field";

/** The Tags field of every create/import dialog: `key=value` text, its parse error first, then the server's. */
export function TagsField({
  value,
  onChange,
  placeholder,
  parseError,
  errors,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly placeholder: string;
  readonly parseError?: string | undefined;
  readonly errors: readonly string[];
}) {
  return (
    <Field
      label="Tags"
      hint="key=value, separated by commas (at most 50)."
      errors={[...(parseError ? [parseError] : []), ...errors]}
    >
      {(props) => (
        <TextInput {...props} value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} />
      )}
    </Field>
  );
}
