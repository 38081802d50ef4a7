import type { Executor } from "@/db/client";
import type { Actor } from "@/lib/audit/actor";
import { changeSenderStatus } from "@/lib/senders/change-sender-status";
import { decideChangeRequest } from "@/lib/senders/decide-change-request";
import { decideSender } from "@/lib/senders/decide-sender";
import { listSenders } from "@/lib/senders/list-senders";
import { registerSender } from "@/lib/senders/register-sender";
import { updateSender } from "@/lib/senders/update-sender";
import { withdrawChangeRequest } from "@/lib/senders/withdraw-change-request";
import {
  changeSenderStatusSchema,
  createSenderSchema,
  decideChangeRequestSchema,
  decideSenderSchema,
  senderListQuerySchema,
  updateSenderSchema,
  withdrawChangeRequestSchema,
} from "@/lib/validations/senders";
import { atEdge } from "./at-edge";

// The sender domain functions called the way the actions call them: raw (form-shaped) input is
// parsed with the action's schema first, so the tests keep checking validation end to end.
type RawCall = { actor: Actor; input: unknown };

export const registerSenderRaw = ({ actor, input }: RawCall) =>
  atEdge(createSenderSchema, input, (parsed) => registerSender({ actor, input: parsed }));
export const updateSenderRaw = ({ actor, input }: RawCall) =>
  atEdge(updateSenderSchema, input, (parsed) => updateSender({ actor, input: parsed }));
export const decideSenderRaw = ({ actor, input }: RawCall) =>
  atEdge(decideSenderSchema, input, (parsed) => decideSender({ actor, input: parsed }));
export const changeSenderStatusRaw = ({ actor, input }: RawCall) =>
  atEdge(changeSenderStatusSchema, input, (parsed) => changeSenderStatus({ actor, input: parsed }));
export const decideChangeRequestRaw = ({ actor, input }: RawCall) =>
  atEdge(decideChangeRequestSchema, input, (parsed) => decideChangeRequest({ actor, input: parsed }));
export const withdrawChangeRequestRaw = ({ actor, input }: RawCall) =>
  atEdge(withdrawChangeRequestSchema, input, (parsed) => withdrawChangeRequest({ actor, input: parsed }));

// The Senders page's way: URL parameters parsed with the list query schema, then listed.
export const listSendersRaw = (query: unknown = {}, db?: Executor) =>
  atEdge(senderListQuerySchema, query, (parsed) => listSenders(parsed, db));
