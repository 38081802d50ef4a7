import { SETTINGS, type SettingKey } from "./definitions";
import { isSecretSetting } from "./is-secret-setting";
import { getSettings } from "./settings";

export type SettingKind = "text" | "number" | "boolean" | "list";

export interface SettingView {
  key: SettingKey;
  label: string;
  kind: SettingKind;
  value: string;
  isSecret: boolean;
  // A setting with a fixed set of values (shown as a select).
  options?: readonly string[];
}

function kindOf(value: unknown): SettingKind {
  if (Array.isArray(value)) return "list";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  return "text";
}

// Settings edited in a section of their own (single sign-on) are not generic rows.
export const GENERIC_SETTING_KEYS = (Object.keys(SETTINGS) as SettingKey[]).filter(
  (key) => !("section" in SETTINGS[key]),
);

export async function listSettingViews(): Promise<SettingView[]> {
  const keys = GENERIC_SETTING_KEYS;
  const values = await getSettings(keys);
  return keys.map((key) => {
    const value = values[key] as unknown;
    const kind = kindOf(SETTINGS[key].default);
    const text = kind === "list" ? (value as string[]).join(", ") : String(value);
    // Secrets (tokens, webhook URLs carry credentials) are shown as set / not set, never echoed.
    const isSecret = isSecretSetting(key);
    const definition = SETTINGS[key];
    const options = "options" in definition ? definition.options : undefined;
    return { key, label: definition.label, kind, value: isSecret ? (text ? "(set)" : "") : text, isSecret, options };
  });
}

// Form text → the setting's type, before the setting's own schema validates it.
export function coerceSettingInput(key: SettingKey, raw: unknown): unknown {
  const kind = kindOf(SETTINGS[key].default);
  const text = typeof raw === "string" ? raw.trim() : raw;
  if (kind === "number") return text === "" ? Number.NaN : Number(text);
  if (kind === "boolean") return text === true || text === "true" || text === "on";
  if (kind === "list") return typeof text === "string" ? text.split(/[\s,]+/).filter(Boolean) : text;
  return text;
}
