import { z } from "zod";

// The one error type: a code that maps to an HTTP status and a message safe to show a client.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  // Password right, second factor missing: the sign-in form asks for the code (no session yet).
  mfa_required: 401,
  forbidden: 403,
  // A dangerous action needs a recent sign-in: confirm it's you (lib/auth/step-up.ts), then retry.
  step_up_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  too_many_requests: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;

  constructor(code: ErrorCode, message: string, fieldErrors?: FieldErrors) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fieldErrors?: FieldErrors;
}

// Field errors keyed by the top-level field ("allowedCidrs", not "allowedCidrs.2") so forms can
// show them beside the field; "_" holds errors about the input as a whole.
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_";
    out[key] ??= [];
    if (!out[key].includes(issue.message)) out[key].push(issue.message);
  }
  return out;
}

// The one error for invalid fields: the message names the field and why, or lists the fields.
export function invalidFields(
  fields: FieldErrors,
  code: "validation_failed" | "conflict" = "validation_failed",
): AppError {
  const named = Object.keys(fields).filter((k) => k !== "_");
  const message =
    named.length === 1
      ? `${named[0]}: ${fields[named[0]][0]}`
      : named.length > 1
        ? `Check these fields: ${named.join(", ")}`
        : (fields._?.[0] ?? "Invalid input");
  return new AppError(code, message, fields);
}

export function validationError(error: z.ZodError): AppError {
  return invalidFields(fieldErrorsOf(error));
}

// Known errors pass through; anything else is logged here and answered opaquely.
export function toErrorBody(error: unknown, where: string): ErrorBody {
  if (error instanceof AppError) return { code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  if (error instanceof z.ZodError) return toErrorBody(validationError(error), where);
  console.error(`[${where}] unexpected error:`, error instanceof Error ? error.message : error);
  return { code: "internal", message: "Something went wrong on our side. The error was logged." };
}

// The HTTP status of any error: the AppError's, 422 for a ZodError, 500 for the unexpected.
export function statusOf(body: ErrorBody): number {
  return ERROR_STATUS[body.code];
}

// The one way untrusted input becomes typed input, on every surface (actions, API, relay, CLI).
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
