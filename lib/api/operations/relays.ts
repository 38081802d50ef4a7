import { z } from "zod";
import { defineOperation } from "../operation";

const relaySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  tokenPrefix: z.string(),
  tokenLast4: z.string(),
  status: z.enum(["active", "revoked"]),
  health: z.enum(["healthy", "stale", "offline", "revoked"]),
  lastHeartbeatAt: z.iso.datetime().nullable(),
  lastPollAt: z.iso.datetime().nullable(),
  softwareVersion: z.string().nullable(),
  policyVersion: z.number().int().nullable(),
  policyAppliedAt: z.iso.datetime().nullable(),
  lag: z.number().int().nullable().describe("policy versions behind the current one"),
  queueDepth: z.number().int().nullable(),
  spoolDepth: z.number().int().nullable(),
  listen: z.string().nullable(),
  warnings: z.array(z.string()).describe("what the relay reported in its last heartbeat (skipped policy entries, spool full, …)"),
});

export const listRelaysOperation = defineOperation({
  id: "listRelays",
  method: "GET",
  path: "/api/v1/relays",
  summary: "Registered relays with their heartbeat, software and the policy version each has applied",
  tag: "Relays",
  permission: "relays:read",
  response: z.object({ currentVersion: z.number().int(), relays: z.array(relaySchema) }),
});
