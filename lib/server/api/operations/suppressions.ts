import { z } from "zod";
import { addSuppressionSchema, listSuppressionsSchema, removeSuppressionSchema } from "@/lib/validations/suppressions";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

const suppressionSchema = z.object({
  id: z.uuid(),
  senderId: z.uuid().nullable().describe("null: every sender"),
  address: z.string().describe("lower-cased"),
  reason: z.enum(["hard_bounce", "complaint", "manual"]),
  detail: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  removedAt: z.iso.datetime().nullable(),
  removedBy: z.string().nullable(),
  removeReason: z.string().nullable(),
});

const rowSchema = suppressionSchema.extend({
  senderName: z.string().nullable(),
  status: z.enum(["active", "expired", "removed"]),
});

export const listSuppressionsOperation = defineOperation({
  id: "listSuppressions",
  method: "GET",
  path: "/api/v1/suppressions",
  summary:
    "Suppressed recipients (refused at RCPT with 550 5.1.1), newest first; filters: q (address text), sender (id, `global` or name), status (active by default); page and limit",
  tag: "Suppressions",
  permission: "suppressions:read",
  query: listSuppressionsSchema,
  response: z.object({
    rows: z.array(rowSchema),
    total: z.number().int(),
    page: z.number().int(),
    limit: z.number().int(),
  }),
});

export const exportSuppressionsOperation = defineOperation({
  id: "exportSuppressionsCsv",
  method: "GET",
  path: "/api/v1/suppressions/export.csv",
  summary: "The suppression list with the same filters, every page, as CSV (text/csv, RFC 4180)",
  tag: "Suppressions",
  permission: "suppressions:read",
  query: listSuppressionsSchema.pick({ q: true, sender: true, status: true }),
  response: z.string().describe("text/csv: a header line, then one line per suppression"),
});

export const addSuppressionOperation = defineOperation({
  id: "addSuppression",
  method: "POST",
  path: "/api/v1/suppressions",
  summary: "Suppress an address by hand, for one sender or (no senderId) for every sender, with a reason",
  tag: "Suppressions",
  permission: "suppressions:manage",
  body: addSuppressionSchema,
  response: z.object({ suppression: suppressionSchema }),
  successStatus: 201,
});

export const removeSuppressionOperation = defineOperation({
  id: "removeSuppression",
  method: "DELETE",
  path: "/api/v1/suppressions/{id}",
  summary: "Lift a suppression, with a reason (kept, audited); relays accept the recipient again within seconds",
  tag: "Suppressions",
  permission: "suppressions:manage",
  params: idParams,
  body: removeSuppressionSchema.omit({ suppressionId: true }),
  response: z.object({ suppression: suppressionSchema, policyVersion: z.number().int() }),
});
