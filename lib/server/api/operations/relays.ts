import { z } from "zod";
import { revokeRelayAndRotateKeysSchema } from "@/lib/validations/relays";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

const heldKeySchema = z.object({
  dkimKeyId: z.uuid(),
  domain: z.string(),
  selector: z.string(),
  status: z
    .enum(["active", "published", "retired"])
    .describe("active: still signs; published: in DNS for the rotation overlap; retired"),
  firstServedAt: z.iso.datetime().describe("when a snapshot carrying its private key was first served to this relay"),
  lastServedAt: z.iso.datetime(),
});

const scannerSchema = z.object({
  name: z.enum(["clamd", "rspamd"]),
  up: z.boolean(),
  version: z.string().nullable(),
  signatureDate: z
    .string()
    .nullable()
    .describe(
      'clamd\'s signature database date as the relay reported it (e.g. "Wed Dec  2 09:21:00 2026"); null: none',
    ),
  detail: z.string().nullable().describe("why the scanner is down, as the relay reported it"),
});

const rateLimitsSchema = z
  .object({
    mode: z
      .enum(["local", "shared", "fallback"])
      .describe("shared: counted in Redis across relays; local: no Redis configured; fallback: Redis unreachable"),
    divisor: z.number().int().describe("each limit is divided by this in fallback (live relays); 1 otherwise"),
    detail: z.string().nullable(),
  })
  .nullable()
  .describe("how the relay counts rate limits, as its last heartbeat reported it (null: never reported)");

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
  dkimKeysHeld: z.array(heldKeySchema).describe("DKIM private keys this relay has been handed (in a policy snapshot)"),
  warnings: z
    .array(z.string())
    .describe("what the relay reported in its last heartbeat (skipped policy entries, spool full, …)"),
  scanners: z
    .array(scannerSchema)
    .describe("the relay's content scanners as its last heartbeat reported them (stale when health is not healthy)"),
  rateLimits: rateLimitsSchema,
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

export const revokeRelayAndRotateKeysOperation = defineOperation({
  id: "revokeRelayAndRotateKeys",
  method: "POST",
  path: "/api/v1/relays/{id}/revoke-and-rotate",
  summary:
    "Revoke a relay and rotate every DKIM key it held that still signs, in one step (confirmName must be the relay's name)",
  tag: "Relays",
  permission: "relays:manage",
  params: idParams,
  body: revokeRelayAndRotateKeysSchema.omit({ relayId: true }),
  response: z.object({
    relayId: z.uuid(),
    revokedNow: z.boolean().describe("false when the relay was already revoked: only its keys were rotated"),
    rotated: z.array(
      z.object({
        domain: z.string(),
        previousKeyId: z.uuid(),
        previousSelector: z.string(),
        keyId: z.uuid(),
        selector: z.string(),
      }),
    ),
    overlapDays: z.number().int(),
    policyVersion: z.number().int(),
  }),
});
