"use server";

import { revalidatePath } from "next/cache";
import { localSignInWarning } from "@/lib/auth/break-glass";
import { guardedAction } from "@/lib/auth/guard";
import { coerceSettingInput } from "@/lib/settings/setting-views";
import { setSetting } from "@/lib/settings/settings";
import { updateSettingSchema } from "@/lib/validations/settings";

// The key is parsed with the schema; the value, form text, becomes the setting's type here and is
// validated by setSetting with that setting's own schema (audited, a policy setting bumps the version).
export const updateSettingAction = guardedAction(
  "settings:manage",
  updateSettingSchema,
  async ({ actor }, { key, value }) => {
    await setSetting({ actor, key, value: coerceSettingInput(key, value) });
    revalidatePath("/settings");
    // Local sign-in switched off without single sign-on configured: say so beside the setting.
    const warning = key === "auth.localSignIn" ? await localSignInWarning() : null;
    return { key, warning };
  },
);
