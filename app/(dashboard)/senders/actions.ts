"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { changeSenderStatus } from "@/lib/senders/change-sender-status";
import { decideChangeRequest } from "@/lib/senders/decide-change-request";
import { decideSender } from "@/lib/senders/decide-sender";
import { registerSender } from "@/lib/senders/register-sender";
import { updateSender } from "@/lib/senders/update-sender";
import { withdrawChangeRequest } from "@/lib/senders/withdraw-change-request";
import { decideChangeRequestSchema, parseSenderInput, withdrawChangeRequestSchema } from "@/lib/validations/senders";

// Each action authenticates and checks its permission on the server before any work; the domain
// functions validate the input and enforce the lifecycle and four-eyes rules.
function revalidateSender(id: string) {
  revalidatePath("/senders");
  revalidatePath(`/senders/${id}`);
}

const guardedRegister = guardedAction("senders:register", async ({ actor }, input) => {
  const sender = await registerSender({ actor, input });
  revalidateSender(sender.id);
  return { id: sender.id, name: sender.name, status: sender.status };
});
const guardedUpdate = guardedAction("senders:update", async ({ actor }, input) => {
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
const guardedDecide = guardedAction("senders:approve", async ({ actor }, input) => {
  const sender = await decideSender({ actor, input });
  revalidateSender(sender.id);
  return { id: sender.id, status: sender.status };
});
const guardedDecideChange = guardedAction("senders:approve", async ({ actor }, input) => {
  const { sender, changeRequest, policyVersion } = await decideChangeRequest({ actor, input: parseSenderInput(decideChangeRequestSchema, input) });
  revalidateSender(sender.id);
  return { id: sender.id, changeRequestStatus: changeRequest.status, policyVersion };
});
const guardedWithdrawChange = guardedAction("senders:update", async ({ actor }, input) => {
  const changeRequest = await withdrawChangeRequest({ actor, input: parseSenderInput(withdrawChangeRequestSchema, input) });
  revalidateSender(changeRequest.senderId);
  return { id: changeRequest.senderId, changeRequestStatus: changeRequest.status };
});
const guardedChangeStatus = guardedAction("senders:lifecycle", async ({ actor }, input) => {
  const { sender, policyVersion } = await changeSenderStatus({ actor, input });
  revalidateSender(sender.id);
  return { id: sender.id, status: sender.status, policyVersion };
});

export async function registerSenderAction(input: unknown) {
  return guardedRegister(input);
}
export async function updateSenderAction(input: unknown) {
  return guardedUpdate(input);
}
export async function decideSenderAction(input: unknown) {
  return guardedDecide(input);
}
export async function changeSenderStatusAction(input: unknown) {
  return guardedChangeStatus(input);
}
export async function decideChangeRequestAction(input: unknown) {
  return guardedDecideChange(input);
}
export async function withdrawChangeRequestAction(input: unknown) {
  return guardedWithdrawChange(input);
}
