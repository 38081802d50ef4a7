import { z } from "zod";

export const RANGE_PRESETS = { "1h": 3600, "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
const MAX_CUSTOM_RANGE_S = 400 * 86_400;

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

// The Deliverability page's query (URL) and GET /api/v1/deliverability alike.
export const deliverabilityQuerySchema = z
  .object({
    range: z.preprocess(
      blank,
      z.enum([...Object.keys(RANGE_PRESETS), "custom"] as ["1h", "24h", "7d", "30d", "custom"]).default("24h"),
    ),
    from: z.preprocess(blank, z.iso.datetime({ offset: true, error: "from must be an ISO date-time" }).optional()),
    to: z.preprocess(blank, z.iso.datetime({ offset: true, error: "to must be an ISO date-time" }).optional()),
    senderId: z.preprocess(blank, z.uuid("Unknown sender").optional()),
    fromDomain: z.preprocess(blank, z.string().trim().toLowerCase().max(253).optional()),
    recipientDomain: z.preprocess(blank, z.string().trim().toLowerCase().max(253).optional()),
  })
  .superRefine((q, ctx) => {
    if (q.range !== "custom") return;
    if (!q.from) ctx.addIssue({ code: "custom", path: ["from"], message: "A custom range needs a start" });
    if (!q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "A custom range needs an end" });
    if (q.from && q.to) {
      const span = (Date.parse(q.to) - Date.parse(q.from)) / 1000;
      if (span <= 0) ctx.addIssue({ code: "custom", path: ["to"], message: "The end must be after the start" });
      if (span > MAX_CUSTOM_RANGE_S)
        ctx.addIssue({ code: "custom", path: ["from"], message: "A range is at most 400 days" });
    }
  });

export type DeliverabilityQuery = z.infer<typeof deliverabilityQuerySchema>;

export function resolveRange(query: DeliverabilityQuery, now = new Date()): { from: Date; to: Date } {
  if (query.range === "custom") return { from: new Date(query.from!), to: new Date(query.to!) };
  return { from: new Date(now.getTime() - RANGE_PRESETS[query.range] * 1000), to: now };
}
