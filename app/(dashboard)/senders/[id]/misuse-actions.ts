"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { setMisuseReaction } from "@/lib/misuse/misuse-reactions";
import { setMisuseReactionSchema } from "@/lib/validations/misuse";

// Auto-suspend decides when the system engages a kill switch: whoever may engage one sets it.
export const setMisuseReactionAction = guardedAction(
  "kill_switch:engage",
  setMisuseReactionSchema,
  async ({ actor }, input) => {
    const reactions = await setMisuseReaction({ actor, input });
    revalidatePath(`/senders/${input.senderId}`);
    return reactions;
  },
);
