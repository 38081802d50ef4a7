import { z } from "zod";
import {
  eventBatchResultSchema,
  eventBatchSchema,
  heartbeatResultSchema,
  heartbeatSchema,
  policyQuerySchema,
  policySnapshotSchema,
  quarantineReportSchema,
  quarantineSettledSchema,
  relayEventSchema,
} from "@/lib/relay-contract/schemas";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

const quarantineStatusSchema = z.enum(["held", "release_requested", "released", "delivered", "deleted", "expired"]);

// The relay contract, documented from the same schemas the route handlers validate with.
export const relayPolicyOperation = defineOperation({
  id: "relayPolicy",
  method: "GET",
  path: "/api/relay/v1/policy",
  summary:
    "The policy snapshot. ETag is the version; If-None-Match answers 304; ?wait=N (≤ 30 s) holds the request until the version changes",
  tag: "Relay contract",
  permission: "relay-token",
  query: policyQuerySchema,
  response: policySnapshotSchema,
});

export const relayEventsOperation = defineOperation({
  id: "relayEvents",
  method: "POST",
  path: "/api/relay/v1/events",
  summary: "A batch of delivery events, idempotent by event id; invalid events are named, valid ones kept",
  tag: "Relay contract",
  permission: "relay-token",
  body: eventBatchSchema.extend({ events: z.array(relayEventSchema).min(1).max(1000) }),
  response: eventBatchResultSchema,
});

export const relayHeartbeatOperation = defineOperation({
  id: "relayHeartbeat",
  method: "POST",
  path: "/api/relay/v1/heartbeat",
  summary: "Software version, policy version applied and when, queue depth",
  tag: "Relay contract",
  permission: "relay-token",
  body: heartbeatSchema,
  response: heartbeatResultSchema,
});

export const relayQuarantineReportOperation = defineOperation({
  id: "relayQuarantineReport",
  method: "POST",
  path: "/api/relay/v1/quarantine",
  summary:
    "A message the relay holds in quarantine (metadata, headers, redacted findings); idempotent by its id. 201 when new, 200 for a retried report",
  tag: "Relay contract",
  permission: "relay-token",
  body: quarantineReportSchema,
  response: z.object({ id: z.uuid(), status: quarantineStatusSchema, duplicate: z.boolean() }),
  successStatus: 201,
  alsoAnswers: { status: 200, description: "Already reported (duplicate: true), with its current status" },
});

export const relayQuarantineSettledOperation = defineOperation({
  id: "relayQuarantineSettled",
  method: "POST",
  path: "/api/relay/v1/quarantine/{id}/settled",
  summary:
    "The relay acted on a quarantine command: released into its queue, delivered, or deleted. Its own messages only (404 otherwise); idempotent; 409 for an outcome never commanded",
  tag: "Relay contract",
  permission: "relay-token",
  params: idParams,
  body: quarantineSettledSchema,
  response: z.object({
    id: z.uuid(),
    status: quarantineStatusSchema,
    settledAt: z.iso.datetime().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
  }),
});
