import { open, seal } from "@/lib/server/crypto/seal";

// Secret settings the control plane must read back (an SMTP password) are stored sealed. The
// setting's schema seals a clear value when it is saved and leaves a sealed one as it is, so
// reading it back (getSetting parses again) does not seal twice.
const SEALED_PREFIX = "sealed:";
const SETTINGS_SEAL_PURPOSE = "settings-secrets";

export function sealSettingSecret(value: string): string {
  if (value === "" || value.startsWith(SEALED_PREFIX)) return value;
  return SEALED_PREFIX + seal(value, { purpose: SETTINGS_SEAL_PURPOSE });
}

// The clear value of a sealed setting ("" when unset).
export function openSettingSecret(value: string): string {
  if (value === "") return "";
  if (!value.startsWith(SEALED_PREFIX)) throw new Error("A secret setting is not sealed; save it again.");
  return open(value.slice(SEALED_PREFIX.length), { purpose: SETTINGS_SEAL_PURPOSE });
}
