import { z } from "zod";

// Every setting, its schema and default. Stored values override defaults (settings table).
export const SETTINGS = {
  // Relay egress addresses: what the SPF record authorizes (ip4:/ip6: mechanisms).
  "relay.egressAddresses": { schema: z.array(z.string()).max(50), default: ["192.0.2.10"] as string[], label: "Relay egress addresses (SPF)" },
  // Where senders submit mail: shown in onboarding guidance.
  "relay.submissionHost": { schema: z.string().min(1).max(253), default: "relay.example.com", label: "Relay submission host" },
  "relay.submissionPort": { schema: z.number().int().min(1).max(65535), default: 587, label: "Relay submission port" },
  "dmarc.reportEmail": { schema: z.email(), default: "dmarc-reports@example.com", label: "Default DMARC aggregate report address" },
  "credentials.defaultExpiryDays": { schema: z.number().int().min(1).max(3650), default: 90, label: "Default credential lifetime (days)" },
  "credentials.maxExpiryDays": { schema: z.number().int().min(1).max(3650), default: 365, label: "Maximum credential lifetime (days)" },
  "credentials.defaultOverlapHours": { schema: z.number().int().min(0).max(24 * 30), default: 72, label: "Default rotation overlap (hours)" },
  "dkim.defaultOverlapDays": { schema: z.number().int().min(0).max(90), default: 7, label: "Default DKIM rotation overlap (days)" },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]["default"];
