import { z } from "zod";
import {
  eventBatchResultSchema,
  eventBatchSchema,
  heartbeatSchema,
  policyQuerySchema,
  policySnapshotSchema,
  relayEventSchema,
} from "@/lib/relay-contract/schemas";
import { defineOperation } from "../operation";

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
  response: z.object({ receivedAt: z.iso.datetime() }),
});
