"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { createDlpRule } from "@/lib/content/create-dlp-rule";
import { createContentProfile } from "@/lib/content/create-profile";
import { deleteDlpRule } from "@/lib/content/delete-dlp-rule";
import { deleteContentProfile } from "@/lib/content/delete-profile";
import { dryRunDlp } from "@/lib/content/dry-run";
import { reorderDlpRules } from "@/lib/content/reorder-dlp-rules";
import { updateDlpRule } from "@/lib/content/update-dlp-rule";
import { updateContentProfile } from "@/lib/content/update-profile";
import {
  createContentProfileSchema,
  createDlpRuleSchema,
  deleteContentProfileSchema,
  deleteDlpRuleSchema,
  dryRunDlpSchema,
  reorderDlpRulesSchema,
  updateContentProfileSchema,
  updateDlpRuleSchema,
} from "@/lib/validations/content";

// The list shows every profile's counts and defaults; a profile's page its rules.
const refresh = (profileId?: string) => {
  revalidatePath("/content");
  if (profileId) revalidatePath(`/content/${profileId}`);
};

export const createContentProfileAction = guardedAction(
  "content:manage",
  createContentProfileSchema,
  async ({ actor }, input) => {
    const result = await createContentProfile({ actor, input });
    refresh();
    return result;
  },
);

export const updateContentProfileAction = guardedAction(
  "content:manage",
  updateContentProfileSchema,
  async ({ actor }, input) => {
    const result = await updateContentProfile({ actor, input });
    refresh(input.profileId);
    return result;
  },
);

export const deleteContentProfileAction = guardedAction(
  "content:manage",
  deleteContentProfileSchema,
  async ({ actor }, input) => {
    const result = await deleteContentProfile({ actor, input });
    refresh();
    return result;
  },
);

export const createDlpRuleAction = guardedAction("content:manage", createDlpRuleSchema, async ({ actor }, input) => {
  const result = await createDlpRule({ actor, input });
  refresh(input.profileId);
  return result;
});

export const updateDlpRuleAction = guardedAction("content:manage", updateDlpRuleSchema, async ({ actor }, input) => {
  const result = await updateDlpRule({ actor, input });
  refresh(input.profileId);
  return result;
});

export const deleteDlpRuleAction = guardedAction("content:manage", deleteDlpRuleSchema, async ({ actor }, input) => {
  const result = await deleteDlpRule({ actor, input });
  refresh(input.profileId);
  return result;
});

export const reorderDlpRulesAction = guardedAction(
  "content:manage",
  reorderDlpRulesSchema,
  async ({ actor }, input) => {
    const result = await reorderDlpRules({ actor, input });
    refresh(input.profileId);
    return result;
  },
);

// Read-only: the profile's rules on a pasted sample, redacted. The sample is not kept anywhere.
export const dryRunDlpAction = guardedAction("content:read", dryRunDlpSchema, (_session, input) => dryRunDlp(input));
