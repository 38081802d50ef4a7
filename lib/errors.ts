import { z } from "zod";

// The one error type: a code that maps to an HTTP status and a message safe to show a client.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
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

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    out[key] ??= [];
    out[key].push(issue.message);
  }
  return out;
}

export function validationError(error: z.ZodError): AppError {
  const fields = fieldErrorsOf(error);
  const named = Object.keys(fields).filter((k) => k !== "_");
  const message = named.length ? `Invalid ${named.join(", ")}` : (error.issues[0]?.message ?? "Invalid input");
  return new AppError("validation_failed", message, fields);
}

// Known errors pass through; anything else is logged here and answered opaquely.
export function toErrorBody(error: unknown, where: string): ErrorBody {
  if (error instanceof AppError) return { code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  if (error instanceof z.ZodError) return toErrorBody(validationError(error), where);
  console.error(`[${where}] unexpected error:`, error instanceof Error ? error.message : error);
  return { code: "internal", message: "Something went wrong on our side. The error was logged." };
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
