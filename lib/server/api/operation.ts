import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

// One management API operation: the route handler parses with these schemas and the OpenAPI
// document is generated from the very same objects, so the two cannot drift apart.
export interface ApiOperation {
  id: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  // OpenAPI path template, e.g. /api/v1/senders/{id}
  path: string;
  summary: string;
  tag: string;
  // A dashboard permission, or "relay-token" for the relay contract (/api/relay/v1).
  permission: Permission | "relay-token";
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  // A body that is not JSON (e.g. a raw email): its media types, documented as a string body.
  rawBody?: { mediaTypes: readonly string[]; description: string };
  response: z.ZodType;
  successStatus?: number;
  // A second success status with the same body (e.g. 202 when part of an edit awaits approval).
  alsoAnswers?: { status: number; description: string };
}

export function defineOperation<const T extends ApiOperation>(operation: T): T {
  return operation;
}
