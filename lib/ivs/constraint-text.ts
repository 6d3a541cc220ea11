/**
 * Form messages that carry the AWS wording of a violated constraint along with the plain text (made by
 * `fieldErrors` in validation-message.ts). Tiny and zod-free: the Field primitive is in many pages' first load.
 */

/** Separates a plain message from the AWS constraint it came from. */
const constraintMark = " \u2063(AWS: ";

/** A form message that carries the AWS wording along: shown as the plain text, the AWS text on request. */
export function withConstraint(plain: string, aws: string): string {
  return plain === aws ? plain : `${plain}${constraintMark}${aws})`;
}

/** The parts of a form message made by `withConstraint` (plain messages come back unchanged). */
export function splitConstraint(message: string): { text: string; aws?: string } {
  const at = message.indexOf(constraintMark);
  return at < 0
    ? { text: message }
    : { text: message.slice(0, at), aws: message.slice(at + constraintMark.length, -1) };
}

/**
 * The messages of `errors` whose field is not one of `shown` (nor below one of them): a form lists these
 * near its submit button, so that no check can disable a button without saying why.
 */
export function unshownErrors(errors: Readonly<Record<string, readonly string[]>>, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([field]) => !shown.some((prefix) => field === prefix || (prefix !== "" && field.startsWith(`${prefix}.`))))
    .flatMap(([, messages]) => messages);
}
