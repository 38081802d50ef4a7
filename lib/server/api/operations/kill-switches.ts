import { z } from "zod";
import { engageKillSwitchSchema, releaseKillSwitchSchema } from "@/lib/validations/kill-switch";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

const killSwitchSchema = z.object({
  id: z.uuid(),
  scope: z.enum(["global", "sender", "credential", "domain"]),
  targetId: z.uuid().nullable(),
  targetLabel: z.string(),
  reason: z.string(),
  engagedByLabel: z.string(),
  engagedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  releasedByLabel: z.string().nullable(),
  releasedAt: z.iso.datetime().nullable(),
  releaseReason: z.string().nullable(),
});

export const listKillSwitchesOperation = defineOperation({
  id: "listKillSwitches",
  method: "GET",
  path: "/api/v1/kill-switches",
  summary: "Engaged kill switches and the most recent releases",
  tag: "Kill switches",
  permission: "kill_switch:read",
  response: z.object({ engaged: z.array(killSwitchSchema), released: z.array(killSwitchSchema) }),
});

export const engageKillSwitchOperation = defineOperation({
  id: "engageKillSwitch",
  method: "POST",
  path: "/api/v1/kill-switches",
  summary: "Engage a kill switch (global, sender, credential or domain) with a reason and an optional duration",
  tag: "Kill switches",
  permission: "kill_switch:engage",
  body: engageKillSwitchSchema,
  response: z.object({ killSwitch: killSwitchSchema, policyVersion: z.number().int() }),
  successStatus: 201,
});

export const releaseKillSwitchOperation = defineOperation({
  id: "releaseKillSwitch",
  method: "POST",
  path: "/api/v1/kill-switches/{id}/release",
  summary: "Release an engaged kill switch, with a reason",
  tag: "Kill switches",
  permission: "kill_switch:engage",
  params: idParams,
  body: releaseKillSwitchSchema.omit({ killSwitchId: true }),
  response: z.object({ killSwitch: killSwitchSchema, policyVersion: z.number().int() }),
});
