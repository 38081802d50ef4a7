import { z } from "zod";
import { DELIVERABILITY_TABLES } from "@/lib/deliverability/table-columns";
import { deliverabilityQuerySchema } from "@/lib/validations/deliverability";
import { defineOperation } from "../operation";

const rate = z.number().nullable().describe("0-1; null when there is nothing to divide by");
const counts = {
  accepted: z.number().int(),
  rejected: z.number().int(),
  delivered: z.number().int(),
  deferred: z.number().int(),
  bounced: z.number().int(),
  complained: z.number().int(),
  deliveryRate: rate,
  bounceRate: rate,
  complaintRate: rate,
};
const breakdownRow = z.object({ key: z.string(), label: z.string(), ...counts });
const recipientRow = breakdownRow.extend({
  tlsShare: z
    .number()
    .nullable()
    .describe("0-1: share of the deliveries whose TLS the relay reported that went out over TLS; null when none"),
  tlsRequired: z.boolean().describe("setting tls.requiredDomains lists the domain or a parent domain"),
});

export const deliverabilityDashboardSchema = z.object({
  query: z.object({
    range: z.enum(["1h", "24h", "7d", "30d", "custom"]),
    from: z.string().optional(),
    to: z.string().optional(),
    senderId: z.string().optional(),
    fromDomain: z.string().optional(),
    recipientDomain: z.string().optional(),
  }),
  range: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  rollup: z.enum(["minute", "hour", "day"]),
  stepSeconds: z.number().int().describe("bucket width of the series, chosen from the range"),
  series: z.array(z.object({ t: z.iso.datetime().describe("bucket start (UTC)"), ...counts })),
  totals: z.object(counts),
  byRecipientDomain: z.array(recipientRow),
  bySender: z.array(breakdownRow),
  rejectionReasons: z.array(
    z.object({ reason: z.string(), label: z.string(), count: z.number().int(), share: z.number().nullable() }),
  ),
  thresholds: z.object({
    scope: z.enum(["global", "sender"]),
    bounceWarnPct: z.number(),
    bounceSuspendPct: z.number(),
    complaintWarnPct: z.number(),
    complaintSuspendPct: z.number(),
  }),
  suppressions: z.object({
    suppressedNow: z.number().int().describe("recipients relays refuse now (the sender's and every sender's)"),
    addedInRange: z.number().int().describe("suppressions added in the range"),
    bySender: z.array(
      z.object({
        senderId: z.uuid().nullable().describe("null: suppressed for every sender"),
        senderName: z.string().nullable(),
        suppressedNow: z.number().int(),
        addedInRange: z.number().int(),
      }),
    ),
  }),
  generatedAt: z.iso.datetime(),
});

export const getDeliverabilityOperation = defineOperation({
  id: "getDeliverability",
  method: "GET",
  path: "/api/v1/deliverability",
  summary:
    "Delivery time series, totals, per-recipient-domain and per-sender breakdowns and rejection reasons for a time range (the Deliverability page's data)",
  tag: "Deliverability",
  permission: "deliverability:read",
  query: deliverabilityQuerySchema,
  response: deliverabilityDashboardSchema,
});

export const deliverabilityExportQuerySchema = deliverabilityQuerySchema.safeExtend({
  table: z.enum(DELIVERABILITY_TABLES, { error: `table must be one of ${DELIVERABILITY_TABLES.join(", ")}` }),
});

export const exportDeliverabilityOperation = defineOperation({
  id: "exportDeliverabilityCsv",
  method: "GET",
  path: "/api/v1/deliverability/export.csv",
  summary:
    "One table of the Deliverability page as CSV (text/csv, RFC 4180): series, recipients, senders or reasons; the same columns as on the page",
  tag: "Deliverability",
  permission: "deliverability:read",
  query: deliverabilityExportQuerySchema,
  response: z.string().describe("text/csv: a header line, then one line per row"),
});
