import type { Executor } from "@/db/client";
import { assertBreakGlassAvailable } from "@/lib/auth/break-glass";
import type { SettingKey } from "./definitions";

// Settings whose new value depends on other state: checked inside setSetting's transaction.
export async function assertSettingChangeAllowed(tx: Executor, key: SettingKey, value: unknown): Promise<void> {
  // Switching local sign-in off with no break-glass admin would lock out everyone without SSO.
  if (key === "auth.localSignIn" && value === "break_glass_only") await assertBreakGlassAvailable(tx);
}
