"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { SETTINGS, type SettingKey } from "@/lib/settings/definitions";
import { coerceSettingInput } from "@/lib/settings/setting-views";
import { setSetting } from "@/lib/settings/settings";

const guardedUpdate = guardedAction("settings:manage", async ({ actor }, input) => {
  const { key, value } = (input ?? {}) as { key?: unknown; value?: unknown };
  if (typeof key !== "string" || !(key in SETTINGS)) throw new AppError("validation_failed", "Unknown setting", { key: ["Unknown setting"] });
  await setSetting({ actor, key, value: coerceSettingInput(key as SettingKey, value) });
  revalidatePath("/settings");
  return { key };
});

export async function updateSettingAction(input: unknown) {
  return guardedUpdate(input);
}
