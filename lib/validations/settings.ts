import { z } from "zod";
import { SETTINGS, type SettingKey } from "@/lib/settings/definitions";

// Settings with a section of their own (single sign-on) are changed only through that section's actions.
const SETTING_KEYS = (Object.keys(SETTINGS) as SettingKey[]).filter((key) => !("section" in SETTINGS[key])) as [
  SettingKey,
  ...SettingKey[],
];

// One setting from the settings page. The value stays as the form sent it: its type and schema
// depend on the key, so setSetting coerces and validates it with that setting's own schema.
export const updateSettingSchema = z.object({
  key: z.enum(SETTING_KEYS, { error: "Unknown setting" }),
  value: z.unknown().optional(),
});

export type UpdateSettingInput = z.infer<typeof updateSettingSchema>;
