import net from "node:net";
import { z } from "zod";

const domainId = z.uuid({ error: "Choose a sending domain" });

export const checkDomainSchema = z.object({ domainId });

export const ipAddressSchema = z
  .string({ error: "Source IP is required" })
  .trim()
  .max(64, "An IP address is at most 64 characters")
  .refine((v) => net.isIP(v) !== 0, { message: "Source IP must be an IPv4 or IPv6 address" })
  // The spelling reports are stored in: IPv6 compressed and lowercase.
  .transform((v) => (net.isIP(v) === 6 ? new net.SocketAddress({ address: v, family: "ipv6" }).address : v));

export const markSourceSchema = z.object({
  domainId,
  sourceIp: ipAddressSchema,
  verdict: z.enum(["spoofing"], { error: "The verdict must be spoofing" }),
  note: z
    .string({ error: "Say why this source is spoofing" })
    .trim()
    .min(1, "Say why this source is spoofing")
    .max(1000, "A note is at most 1000 characters"),
});

export const clearSourceMarkSchema = z.object({
  domainId,
  sourceIp: ipAddressSchema,
  reason: z
    .string({ error: "Give a reason" })
    .trim()
    .min(1, "Give a reason")
    .max(1000, "A reason is at most 1000 characters"),
});

// The dashboard's report upload: the file from the form, or { contentBase64 } from scripts (a report
// above the server action body limit goes to POST /api/v1/dmarc-reports instead). Either way the
// action gets one Blob. Its size limit is checked by the action, not here: a refinement can only
// answer 422, and a report too large is a 413 (payload_too_large), as on the API.
export const uploadDmarcReportSchema = z
  .object({ file: z.unknown().optional(), contentBase64: z.unknown().optional() })
  .transform(({ file, contentBase64 }, ctx) => {
    const fromBase64 = typeof contentBase64 === "string" ? new Blob([Buffer.from(contentBase64, "base64")]) : null;
    const report = file instanceof Blob ? file : fromBase64;
    if (report && report.size > 0) return { file: report };
    ctx.addIssue({ code: "custom", message: "Choose a report file", path: ["file"] });
    return z.NEVER;
  });

export const sourcesQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30),
});

export type CheckDomainInput = z.infer<typeof checkDomainSchema>;
export type MarkSourceInput = z.infer<typeof markSourceSchema>;
export type ClearSourceMarkInput = z.infer<typeof clearSourceMarkSchema>;
