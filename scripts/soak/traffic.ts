import nodemailer from "nodemailer";
import type { SoakSender } from "./database";

// Sustained SMTP traffic (STARTTLS + AUTH, one connection per message so the time a message is
// sent is the time the relay counts it) from every sender, spread round-robin over the relays.
// Each message has a unique Message-ID and ends accepted (250 after DATA) or refused, with why.
const BOUNCE_EVERY = 50; // every 50th message goes to an address the sink bounces (550)
const BODY = `${"Soak test line, long enough to look like a short transactional message.\n".repeat(12)}`;

export interface SentMessage {
  messageId: string;
  sender: string;
  relay: string;
  bounce: boolean;
  startedAt: number;
  endedAt: number;
  accepted: boolean;
  // Refused: the SMTP code and text, or the client's error code (relay down, reset, timeout).
  why: string | null;
}

export interface SenderPlan extends SoakSender {
  perSecond: number;
}

export interface TrafficTarget {
  name: string;
  port: number;
}

// The sender with the lowest limit is offered 1.5 × its limit (or half the rate, if more) so its
// limit is exercised all the time; the others share the rest, kept under half their own limits.
export function planSenders(senders: SoakSender[], rate: number): SenderPlan[] {
  const limited = senders.reduce((a, b) => (b.perMinute < a.perMinute ? b : a));
  const others = senders.filter((s) => s !== limited);
  return senders.map((s) =>
    s === limited
      ? { ...s, perSecond: Math.max(rate / 2, (1.5 * s.perMinute) / 60) }
      : { ...s, perSecond: Math.min(rate / 2 / Math.max(1, others.length), (0.5 * s.perMinute) / 60) },
  );
}

function whyRefused(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  if (e.responseCode) return `${e.responseCode} ${(e.response ?? "").replace(/^\d{3}[ -]/, "").slice(0, 120)}`;
  return e.code ?? e.message?.slice(0, 120) ?? "error";
}

export class Traffic {
  readonly sent: SentMessage[] = [];
  private timers: NodeJS.Timeout[] = [];
  private inFlight = new Set<Promise<void>>();
  private n = 0;

  constructor(
    private readonly runId: string,
    private readonly relays: TrafficTarget[],
  ) {}

  start(plans: SenderPlan[]): void {
    for (const plan of plans) this.timers.push(setInterval(() => this.sendOne(plan), 1000 / plan.perSecond));
  }

  // Stops offering new messages and waits for those under way.
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([...this.inFlight]);
  }

  private sendOne(plan: SenderPlan): void {
    const n = ++this.n;
    const relay = this.relays[n % this.relays.length];
    const bounce = n % BOUNCE_EVERY === 0;
    const message: SentMessage = {
      messageId: `<soak.${this.runId}.${n}@soak.test>`,
      sender: plan.name,
      relay: relay.name,
      bounce,
      startedAt: Date.now(),
      endedAt: 0,
      accepted: false,
      why: null,
    };
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: relay.port,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false }, // the relays' certificates are self-signed
      auth: { user: plan.username, pass: plan.secret },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    const done = transport
      .sendMail({
        from: plan.from,
        to: bounce ? `bounce-${n}@example.net` : `user-${n}@example.net`,
        subject: `Soak ${n}`,
        messageId: message.messageId,
        text: BODY,
      })
      .then(
        () => {
          message.accepted = true;
        },
        (error: unknown) => {
          message.why = whyRefused(error);
        },
      )
      .finally(() => {
        message.endedAt = Date.now();
        transport.close();
        this.sent.push(message);
        this.inFlight.delete(done);
      });
    this.inFlight.add(done);
  }
}
