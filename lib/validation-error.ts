import type { z } from "zod";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import type { ErrorInfo } from "@/lib/result";

/** The one ValidationException of the console (actions and route handlers): AWS wording plus field messages. */
export function validationError(error: z.ZodError): ErrorInfo {
  return {
    code: "ValidationException",
    message: formatValidationError(error),
    fields: fieldErrors(error),
    retryable: false,
  };
}
