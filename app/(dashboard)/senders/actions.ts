"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { stepUpFor } from "@/lib/auth/step-up";
import { changeSenderStatus } from "@/lib/senders/change-sender-status";
import { decideChangeRequest } from "@/lib/senders/decide-change-request";
import { decideSender } from "@/lib/senders/decide-sender";
import { registerSender } from "@/lib/senders/register-sender";
import { updateSender } from "@/lib/senders/update-sender";
import { withdrawChangeRequest } from "@/lib/senders/withdraw-change-request";
import {
  changeSenderStatusSchema,
  createSenderSchema,
  decideChangeRequestSchema,
  decideSenderSchema,
  updateSenderSchema,
  withdrawChangeRequestSchema,
} from "@/lib/validations/senders";

// Each action authenticates and checks its permission on the server, then parses its input,
// before any work; the domain functions enforce the lifecycle and four-eyes rules.
function revalidateSender(id: string) {
  revalidatePath("/senders");
  revalidatePath(`/senders/${id}`);
}

export const registerSenderAction = guardedAction("senders:register", createSenderSchema, async ({ actor }, input) => {
  const sender = await registerSender({ actor, input });
  revalidateSender(sender.id);
  return { id: sender.id, name: sender.name, status: sender.status };
});

export const updateSenderAction = guardedAction("senders:update", updateSenderSchema, async ({ actor }, input) => {
  const { sender, applied, awaitingApproval, changeRequest } = await updateSender({ actor, input });
  revalidateSender(sender.id);
  return {
    id: sender.id,
    name: sender.name,
    status: sender.status,
    applied,
    awaitingApproval,
    changeRequest: changeRequest ? { id: changeRequest.id, revision: changeRequest.revision } : null,
  };
});

export const decideSenderAction = guardedAction(
  "senders:approve",
  decideSenderSchema,
  async ({ actor, session }, input) => {
    await stepUpFor.decideSender(session, input);
    const sender = await decideSender({ actor, input });
    revalidateSender(sender.id);
    return { id: sender.id, status: sender.status };
  },
);

export const changeSenderStatusAction = guardedAction(
  "senders:lifecycle",
  changeSenderStatusSchema,
  async ({ actor }, input) => {
    const { sender, policyVersion } = await changeSenderStatus({ actor, input });
    revalidateSender(sender.id);
    return { id: sender.id, status: sender.status, policyVersion };
  },
);

export const decideChangeRequestAction = guardedAction(
  "senders:approve",
  decideChangeRequestSchema,
  async ({ actor, session }, input) => {
    await stepUpFor.decideChangeRequest(session, input);
    const { sender, changeRequest, policyVersion } = await decideChangeRequest({ actor, input });
    revalidateSender(sender.id);
    return { id: sender.id, changeRequestStatus: changeRequest.status, policyVersion };
  },
);

export const withdrawChangeRequestAction = guardedAction(
  "senders:update",
  withdrawChangeRequestSchema,
  async ({ actor }, input) => {
    const changeRequest = await withdrawChangeRequest({ actor, input });
    revalidateSender(changeRequest.senderId);
    return { id: changeRequest.senderId, changeRequestStatus: changeRequest.status };
  },
);
