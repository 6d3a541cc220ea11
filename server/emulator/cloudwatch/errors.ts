/**
 * CloudWatch errors in both wire forms: the AWS JSON 1.0 `__type` (with the query-compatible code in
 * `x-amzn-query-error: Code;Sender`) and the query protocol's `<ErrorResponse>` code.
 */
export class CloudWatchError extends Error {
  constructor(
    /** The query-protocol code, e.g. `InvalidParameterValue`. */
    readonly code: string,
    /** The JSON `__type`, e.g. `com.amazonaws.cloudwatch#InvalidParameterValueException`. */
    readonly type: string,
    readonly status: number,
    message: string,
    readonly fault: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
    this.name = "CloudWatchError";
  }
}

const modeled = (code: string, shape: string) => (message: string) =>
  new CloudWatchError(code, `com.amazonaws.cloudwatch#${shape}`, 400, message);

export const invalidValue = modeled("InvalidParameterValue", "InvalidParameterValueException");
export const invalidCombination = modeled("InvalidParameterCombination", "InvalidParameterCombinationException");
export const invalidNextToken = modeled("InvalidNextToken", "InvalidNextToken");
export const missingParameter = (name: string) =>
  modeled("MissingParameter", "MissingRequiredParameterException")(`The parameter ${name} is required.`);
export const serialization = (message: string) =>
  new CloudWatchError("SerializationException", "com.amazon.coral.service#SerializationException", 400, message);
export const unknownOperation = (message: string) =>
  new CloudWatchError("InvalidAction", "com.amazon.coral.service#UnknownOperationException", 400, message);
export const internalFailure = (message: string) =>
  new CloudWatchError("InternalFailure", "com.amazon.coral.service#InternalFailure", 500, message, "Receiver");

/** The query-protocol codes of the generic AWS authentication errors (the JSON form keeps the exception name). */
export const authQueryCodes: Readonly<Record<string, string>> = {
  MissingAuthenticationTokenException: "MissingAuthenticationToken",
  IncompleteSignatureException: "IncompleteSignature",
  InvalidSignatureException: "SignatureDoesNotMatch",
  UnrecognizedClientException: "InvalidClientTokenId",
};
