"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { stepUpFor } from "@/lib/auth/step-up";
import { approveRelease } from "@/lib/quarantine/approve-release";
import { deleteQuarantined } from "@/lib/quarantine/delete-quarantined";
import { rejectRelease } from "@/lib/quarantine/reject-release";
import { requestRelease } from "@/lib/quarantine/request-release";
import {
  approveReleaseSchema,
  deleteQuarantinedSchema,
  rejectReleaseSchema,
  requestReleaseSchema,
} from "@/lib/validations/quarantine";

// The list, the message's page and the Overview's held count all change.
function refresh(id: string) {
  revalidatePath("/quarantine");
  revalidatePath(`/quarantine/${id}`);
  revalidatePath("/");
}

export const requestReleaseAction = guardedAction(
  "quarantine:release",
  requestReleaseSchema,
  async ({ actor }, input) => {
    const message = await requestRelease({ actor, input });
    refresh(message.id);
    return { id: message.id, status: message.status };
  },
);

export const approveReleaseAction = guardedAction(
  "quarantine:release",
  approveReleaseSchema,
  async ({ actor, session }, input) => {
    await stepUpFor.approveRelease(session);
    const { message, policyVersion } = await approveRelease({ actor, input });
    refresh(message.id);
    return { id: message.id, status: message.status, policyVersion };
  },
);

export const rejectReleaseAction = guardedAction(
  "quarantine:release",
  rejectReleaseSchema,
  async ({ actor }, input) => {
    const message = await rejectRelease({ actor, input });
    refresh(message.id);
    return { id: message.id, status: message.status };
  },
);

export const deleteQuarantinedAction = guardedAction(
  "quarantine:delete",
  deleteQuarantinedSchema,
  async ({ actor }, input) => {
    const { message, policyVersion } = await deleteQuarantined({ actor, input });
    refresh(message.id);
    return { id: message.id, status: message.status, policyVersion };
  },
);
