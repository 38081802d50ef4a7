import { SETTINGS, type SettingKey } from "./definitions";

// Settings flagged secret in definitions.ts: shown as set / not set and audited as "changed".
export function isSecretSetting(key: SettingKey): boolean {
  const definition = SETTINGS[key];
  return "secret" in definition && definition.secret === true;
}
