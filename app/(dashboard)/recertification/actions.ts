"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { startCampaign } from "@/lib/recertification/start-campaign";
import { startCampaignSchema } from "@/lib/validations/recertification";

// Security starts a re-certification campaign: one single-use link per due sender, mailed to its owner.
export const startCampaignAction = guardedAction(
  "recertification:manage",
  startCampaignSchema,
  async ({ actor }, input) => {
    const result = await startCampaign({ actor, input });
    revalidatePath("/recertification");
    return result;
  },
);
