"use server";

import { revalidatePath } from "next/cache";
import { selfServiceAction } from "@/lib/auth/guard";
import { disableTotp } from "@/lib/auth/mfa/disable-totp";
import { confirmTotpEnrolment } from "@/lib/auth/mfa/enrol-totp";
import { regenerateRecoveryCodes } from "@/lib/auth/mfa/regenerate-recovery-codes";
import { AppError } from "@/lib/errors";
import { confirmTotpSchema, disableTotpSchema, regenerateRecoveryCodesSchema } from "@/lib/validations/mfa";

// Your own second factor: any signed-in user (also one who must enrol before anything else).
// Not revalidated here: the page re-renders after the recovery codes are closed (Done).
export const confirmTotpAction = selfServiceAction(confirmTotpSchema, async ({ actor, user, session }, input) => {
  if (session.method !== "password")
    throw new AppError("bad_request", "Single sign-on accounts use your identity provider's two-factor sign-in.");
  return confirmTotpEnrolment({ actor, userId: user.id, sessionId: session.id, input });
});

export const disableTotpAction = selfServiceAction(disableTotpSchema, async ({ actor, user }, input) => {
  const result = await disableTotp({ actor, userId: user.id, input });
  revalidatePath("/account/mfa");
  return result;
});

// New recovery codes (the old ones stop working), shown once; the page re-renders on Done.
export const regenerateRecoveryCodesAction = selfServiceAction(
  regenerateRecoveryCodesSchema,
  async ({ actor, user }, input) => regenerateRecoveryCodes({ actor, userId: user.id, input }),
);
