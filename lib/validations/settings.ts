import { z } from "zod";
import { SETTINGS, type SettingKey } from "@/lib/settings/definitions";

const SETTING_KEYS = Object.keys(SETTINGS) as [SettingKey, ...SettingKey[]];

// One setting from the settings page. The value stays as the form sent it: its type and schema
// depend on the key, so setSetting coerces and validates it with that setting's own schema.
export const updateSettingSchema = z.object({
  key: z.enum(SETTING_KEYS, { error: "Unknown setting" }),
  value: z.unknown().optional(),
});

export type UpdateSettingInput = z.infer<typeof updateSettingSchema>;
