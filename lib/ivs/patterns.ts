// Zod-free pattern helpers, so browser code can check an ARN's form without loading the schemas.

const ARN_PREFIX = "arn:aws:ivs:[a-z0-9-]+:[0-9]+:";
const RESOURCE_ID = "[a-zA-Z0-9-]+";

/** The anchored pattern of an ARN of one IVS resource kind (all model patterns hard-code the `aws` partition). */
export function arnPattern(kind: string): RegExp {
  return new RegExp(`^${ARN_PREFIX}${kind}/${RESOURCE_ID}$`);
}

/** The same, also matching `""` (a member where the empty string means "none"). */
export function arnOrEmptyPattern(kind: string): RegExp {
  return new RegExp(`^$|^${ARN_PREFIX}${kind}/${RESOURCE_ID}$`);
}
