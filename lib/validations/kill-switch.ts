import { z } from "zod";

export const KILL_SWITCH_SCOPES = ["global", "sender", "credential", "domain"] as const;
export const MAX_KILL_SWITCH_MINUTES = 30 * 24 * 60;

const reasonSchema = z
  .string({ error: "Give a reason" })
  .trim()
  .min(3, "Give a reason (at least 3 characters)")
  .max(500, "Reason must be at most 500 characters");

export const engageKillSwitchSchema = z
  .object({
    scope: z.enum(KILL_SWITCH_SCOPES, { error: `Scope must be one of: ${KILL_SWITCH_SCOPES.join(", ")}` }),
    targetId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid("Choose what to stop").optional()),
    reason: reasonSchema,
    // Optional automatic release ("for 2 hours").
    expiresInMinutes: z.preprocess(
      (v) => (v === "" || v === null || v === undefined ? undefined : Number(v)),
      z
        .number({ error: "Duration must be a number of minutes" })
        .int()
        .min(5, "At least 5 minutes")
        .max(MAX_KILL_SWITCH_MINUTES, "At most 30 days")
        .optional(),
    ),
  })
  .refine((v) => v.scope === "global" || !!v.targetId, { message: "Choose what to stop", path: ["targetId"] })
  .refine((v) => v.scope !== "global" || !v.targetId, { message: "A global switch has no target", path: ["targetId"] });

export const releaseKillSwitchSchema = z.object({
  killSwitchId: z.uuid("Unknown kill switch"),
  reason: reasonSchema,
});

export const killSwitchImpactSchema = z.object({
  scope: z.enum(KILL_SWITCH_SCOPES),
  targetId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid().optional()),
});

export type EngageKillSwitchInput = z.infer<typeof engageKillSwitchSchema>;
export type ReleaseKillSwitchInput = z.infer<typeof releaseKillSwitchSchema>;
export type KillSwitchImpactInput = z.infer<typeof killSwitchImpactSchema>;
