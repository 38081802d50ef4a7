import { z } from "zod";
import { errorResponseSchema } from "./error-schema";
import type { ApiOperation } from "./operation";
import { API_OPERATIONS } from "./operations";

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

function parameters(operation: ApiOperation): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [location, schema] of [
    ["path", operation.params],
    ["query", operation.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: location,
        required: location === "path" || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  return out;
}

const ERRORS: Record<string, string> = {
  "400": "Malformed request (for example, a body that is not JSON)",
  "401": "No, unknown, revoked or expired token",
  "403": "The token's role lacks the permission",
  "404": "No such resource",
  "409": "Conflicts with the resource's state",
  "413": "Body too large",
  "422": "Invalid input; fieldErrors names the fields",
  "429": "Rate limit reached; see Retry-After",
};

// The OpenAPI 3.1 document of /api/v1, generated from the operations' zod schemas.
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const errorSchema = toSchema(errorResponseSchema, "output");
  for (const operation of API_OPERATIONS) {
    paths[operation.path] ??= {};
    paths[operation.path][operation.method.toLowerCase()] = {
      operationId: operation.id,
      summary: operation.summary,
      tags: [operation.tag],
      description:
        operation.permission === "relay-token"
          ? "Relay contract: authenticate with the relay's token (`Authorization: Bearer syrelay_…`)."
          : `Requires the permission \`${operation.permission}\`.`,
      parameters: parameters(operation),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: toSchema(operation.body, "input") } },
            },
          }
        : {}),
      ...(operation.rawBody
        ? {
            requestBody: {
              required: true,
              description: operation.rawBody.description,
              content: Object.fromEntries(
                operation.rawBody.mediaTypes.map((type) => [type, { schema: { type: "string" } }]),
              ),
            },
          }
        : {}),
      responses: {
        [String(operation.successStatus ?? 200)]: {
          description: "Success",
          content: { "application/json": { schema: toSchema(operation.response, "output") } },
        },
        ...(operation.alsoAnswers
          ? {
              [String(operation.alsoAnswers.status)]: {
                description: operation.alsoAnswers.description,
                content: { "application/json": { schema: toSchema(operation.response, "output") } },
              },
            }
          : {}),
        ...Object.fromEntries(
          Object.entries(ERRORS).map(([status, description]) => [
            status,
            { description, content: { "application/json": { schema: errorSchema } } },
          ]),
        ),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchyard management API",
      version: "1",
      description:
        "Senders, sending domains, SMTP credentials, kill switches, relays and the audit log, plus the relay contract (/api/relay/v1) that relays poll and report to. Authenticate with an API token created on the Tokens page or with `npm run token:create`: `Authorization: Bearer syapi_…`. Every response carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset.",
    },
    servers: [{ url: "/" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
