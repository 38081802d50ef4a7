import { getDb } from "@/db/client";
import type { SenderChangeRequest } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { assertProfileExists } from "@/lib/content/assert-profile-exists";
import { AppError, parseInput } from "@/lib/errors";
import { type DecideChangeRequestInput, mergedSenderSchema } from "@/lib/validations/senders";
import { changeRequestAuthors, closeChangeRequest, lockNamedRequest, markChangeRequest } from "./change-requests";
import { currentFields } from "./editable-fields";
import { FOUR_EYES_STATUSES } from "./lifecycle";
import { lockSender } from "./lock-sender";
import { assertAddressesInDomains, loadSenderDomains, resolveFromDomains } from "./sender-domains";
import { type SenderView, toSenderView } from "./sender-view";
import { writeSenderFields } from "./write-sender-fields";

export interface ChangeDecision {
  sender: SenderView;
  changeRequest: SenderChangeRequest;
  // The new policy version when relays must pick the change up, else null.
  policyVersion: number | null;
}

// Approve or reject a sender's pending change request, with a comment. Four-eyes: nobody who
// requested or amended it may decide; the decision names the request revision it reviewed and
// fails if the request was amended since. An approval re-checks the proposed values against the
// sender as it is now (a domain may have been retired meanwhile) before applying them.
export async function decideChangeRequest({
  actor,
  input,
}: {
  actor: Actor;
  input: DecideChangeRequestInput;
}): Promise<ChangeDecision> {
  const { senderId, requestId, decision, revision, comment } = input;
  if (actor.kind !== "user" || !actor.id)
    throw new AppError("forbidden", "A change request must be approved or rejected by a signed-in person");
  const actorId = actor.id;
  return getDb().transaction(async (tx) => {
    const sender = await lockSender(tx, senderId);
    const request = await lockNamedRequest(tx, senderId, requestId);
    const authors = (await changeRequestAuthors(tx, [request])).get(request.id) ?? [];
    if (authors.includes(actorId))
      throw new AppError("forbidden", `You requested this change; another person must ${decision} it`);
    if (request.revision !== revision) {
      throw new AppError(
        "conflict",
        `This change request was amended since you reviewed it (you reviewed revision ${revision}, it is now revision ${request.revision}): review it again before deciding`,
      );
    }
    const beforeDomains = (await loadSenderDomains([sender.id], tx)).get(sender.id) ?? [];
    if (decision === "reject") {
      const closed = await closeChangeRequest(tx, actor, request, {
        status: "rejected",
        action: "sender.change.reject",
        reason: comment,
      });
      return { sender: toSenderView(sender, beforeDomains), changeRequest: closed, policyVersion: null };
    }
    if (!FOUR_EYES_STATUSES.includes(sender.status))
      throw new AppError("conflict", `A ${sender.status} sender can no longer be changed`);

    const target = {
      ...currentFields(
        sender,
        beforeDomains.map((d) => d.id),
      ),
      ...request.changes,
    };
    const { data, domains } = await stillValid(async () => {
      const data = parseInput(mergedSenderSchema(false), target);
      const domains = await resolveFromDomains(data.fromDomainIds, tx);
      assertAddressesInDomains(data.allowedFromAddresses, domains);
      // The proposed content profile may have been deleted since.
      await assertProfileExists(tx, data.contentProfileId);
      return { data, domains };
    });
    const next = {
      ...data,
      vendor: data.kind === "saas" ? (data.vendor ?? null) : null,
      contentProfileId: data.contentProfileId ?? null,
    };
    const { updated, policyVersion } = await writeSenderFields(tx, actor, {
      sender,
      beforeDomains,
      next,
      domains,
      audit: {
        action: "sender.change.approve",
        reason: comment,
        after: { changeRequestId: request.id, revision: request.revision, requestedBy: request.requestedBy },
      },
    });
    const closed = await markChangeRequest(tx, actor, request, "approved", comment);
    return { sender: toSenderView(updated, domains), changeRequest: closed, policyVersion };
  });
}

// A proposal that no longer passes the rules is a conflict with the sender's state, not bad input.
async function stillValid<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "validation_failed") throw error;
    throw new AppError(
      "conflict",
      `This change no longer fits the sender as it is now (${error.message}): reject it, or ask for an amended request`,
      error.fieldErrors,
    );
  }
}
