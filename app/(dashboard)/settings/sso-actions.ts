"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { saveSsoMapping, saveSsoProvider, saveSsoRecheck } from "@/lib/auth/sso/save-sso-settings";
import { ssoMappingInputSchema, ssoProviderInputSchema, ssoRecheckInputSchema } from "@/lib/validations/sso";

// Single sign-on settings (admin only, audited). next-auth picks a change up without a restart.
export const saveSsoProviderAction = guardedAction(
  "settings:manage",
  ssoProviderInputSchema,
  async ({ actor }, input) => {
    const saved = await saveSsoProvider({ actor, input });
    revalidatePath("/settings");
    return saved;
  },
);

export const saveSsoMappingAction = guardedAction(
  "settings:manage",
  ssoMappingInputSchema,
  async ({ actor }, input) => {
    const saved = await saveSsoMapping({ actor, input });
    revalidatePath("/settings");
    return saved;
  },
);

export const saveSsoRecheckAction = guardedAction(
  "settings:manage",
  ssoRecheckInputSchema,
  async ({ actor }, input) => {
    const saved = await saveSsoRecheck({ actor, input });
    revalidatePath("/settings");
    return saved;
  },
);
