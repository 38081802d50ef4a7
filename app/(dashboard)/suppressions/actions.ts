"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { addSuppression } from "@/lib/suppressions/add-suppression";
import { removeSuppression } from "@/lib/suppressions/remove-suppression";
import { addSuppressionSchema, removeSuppressionSchema } from "@/lib/validations/suppressions";

// The list and the Deliverability counts change.
function refresh() {
  revalidatePath("/suppressions");
  revalidatePath("/deliverability");
}

export const removeSuppressionAction = guardedAction(
  "suppressions:manage",
  removeSuppressionSchema,
  async ({ actor }, input) => {
    const { suppression, policyVersion } = await removeSuppression({ actor, input });
    refresh();
    return { id: suppression.id, policyVersion };
  },
);

export const addSuppressionAction = guardedAction(
  "suppressions:manage",
  addSuppressionSchema,
  async ({ actor }, input) => {
    const { suppression } = await addSuppression({ actor, input });
    refresh();
    return { id: suppression.id };
  },
);
