import { randomBytes } from "node:crypto";

// Valid relay events for the ingest bench: the relay contract's shape, a realistic mix, unique ids.

export interface SenderInfo {
  id: string;
  fromDomains: string[];
  credentials: { id: string; username: string }[];
}

export interface BenchEvent {
  id: string;
  type: "accepted" | "rejected" | "delivered" | "deferred" | "bounced";
  at: string;
  messageId: string;
  queueId: string;
  senderId: string;
  credentialId: string | null;
  username: string | null;
  clientIp: string;
  from: string;
  recipient: string;
  reason: string | null;
  smtpCode: number;
  enhancedCode: string;
  bounceType: string | null;
  detail: string | null;
  // Delivered events went out over TLS (as the relay reports it); others: not known.
  tls: boolean | null;
  policyVersion: number;
}

const RECIPIENT_DOMAINS = [
  "gmail.com",
  "outlook.com",
  "yahoo.com",
  "icloud.com",
  "gmx.de",
  "web.de",
  "example.org",
  "proton.me",
];
const REJECT_REASONS = ["rate", "policy", "domain"];
const OUTCOME_TYPES = new Set<BenchEvent["type"]>(["delivered", "deferred", "bounced"]);
const DETAIL = {
  accepted: null,
  delivered: "250 2.0.0 OK queued",
  deferred: "451 4.7.1 Try again later",
  rejected: "550 5.7.1 Not allowed",
  bounced: "550 5.1.1 User unknown",
};
const SMTP_CODE = { accepted: 250, delivered: 250, deferred: 451, rejected: 550, bounced: 550 };
const ENHANCED_CODE = { accepted: "2.0.0", delivered: "2.0.0", deferred: "4.7.1", rejected: "5.7.1", bounced: "5.1.1" };

// 46 % accepted, 46 % delivered, 4 % deferred, 3 % rejected, 1 % bounced (below the reputation
// warning thresholds, so the run does not suspend a sender).
function typeFor(roll: number): BenchEvent["type"] {
  if (roll < 46) return "accepted";
  if (roll < 92) return "delivered";
  if (roll < 96) return "deferred";
  if (roll < 99) return "rejected";
  return "bounced";
}

export class EventFactory {
  private seq = 0;
  private readonly runId = randomBytes(4).toString("hex");

  constructor(
    private readonly senders: SenderInfo[],
    private readonly policyVersion: number,
  ) {}

  // Ingest refuses an outcome (delivered, deferred, bounced) naming a credential the relay never
  // reported an `accepted` event for, so within every batch each outcome follows an `accepted`
  // event of its credential (batches are sent concurrently: none may lean on another), and a
  // sender without credentials has only accepted and rejected events. With credentials, the mix
  // moves by one event per credential and batch.
  batch(size: number): BenchEvent[] {
    const now = Date.now();
    const acceptedFrom = new Set<string>();
    return Array.from({ length: size }, () => this.one(now, acceptedFrom));
  }

  private one(now: number, acceptedFrom: Set<string>): BenchEvent {
    const n = this.seq++;
    const id = `bench-${this.runId}-${n.toString(36).padStart(8, "0")}`;
    const sender = this.senders[n % this.senders.length];
    const credential = sender.credentials.length ? sender.credentials[n % sender.credentials.length] : null;
    const domain = sender.fromDomains[0] ?? "example.com";
    let type = typeFor(Math.floor(Math.random() * 100));
    if (OUTCOME_TYPES.has(type) && !(credential && acceptedFrom.has(credential.id))) type = "accepted";
    if (type === "accepted" && credential) acceptedFrom.add(credential.id);
    return {
      id,
      type,
      // Spread over the last 90 s: a few minute buckets per sender, like several relays reporting.
      at: new Date(now - Math.floor(Math.random() * 90_000)).toISOString(),
      messageId: `<${id}@${domain}>`,
      queueId: n.toString(16).toUpperCase().padStart(10, "0"),
      senderId: sender.id,
      credentialId: credential?.id ?? null,
      username: credential?.username ?? null,
      clientIp: `10.20.${(n >> 8) & 255}.${n & 255}`,
      from: `noreply@${domain}`,
      recipient: `user${n % 5000}@${RECIPIENT_DOMAINS[n % RECIPIENT_DOMAINS.length]}`,
      reason: type === "rejected" ? REJECT_REASONS[n % REJECT_REASONS.length] : null,
      smtpCode: SMTP_CODE[type],
      enhancedCode: ENHANCED_CODE[type],
      bounceType: type === "bounced" ? "hard" : null,
      detail: DETAIL[type],
      tls: type === "delivered" ? true : null,
      policyVersion: this.policyVersion,
    };
  }
}
