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
  note: z.string({ error: "Say why this source is spoofing" }).trim().min(1, "Say why this source is spoofing").max(1000, "A note is at most 1000 characters"),
});

export const clearSourceMarkSchema = z.object({
  domainId,
  sourceIp: ipAddressSchema,
  reason: z.string({ error: "Give a reason" }).trim().min(1, "Give a reason").max(1000, "A reason is at most 1000 characters"),
});

export const sourcesQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30),
});
