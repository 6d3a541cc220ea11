/**
 * Amazon S3's general-purpose bucket naming rules beyond what the IVS shape checks (3–63 characters of
 * `a-z 0-9 . -`). A name that breaks them cannot belong to an existing bucket, so the form refuses it early.
 * Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
const reservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
const reservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

export const bucketNameRules =
  "3–63 characters: lowercase letters, digits, dots and hyphens; starts and ends with a letter or digit; no two dots in a row; not an IP address. The bucket must exist in this region.";

export function bucketNameProblems(name: string): string[] {
  if (name === "") return [];
  const problems: string[] = [];
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
    problems.push("Must start and end with a lowercase letter or a digit.");
  if (name.includes("..")) problems.push("Must not contain two dots in a row.");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push("Must not be formatted as an IP address.");
  const prefix = reservedPrefixes.find((p) => name.startsWith(p));
  if (prefix) problems.push(`Must not start with the reserved prefix "${prefix}".`);
  const suffix = reservedSuffixes.find((s) => name.endsWith(s));
  if (suffix) problems.push(`Must not end with the reserved suffix "${suffix}".`);
  return problems;
}
