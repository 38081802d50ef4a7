import nodemailer from "nodemailer";
import { EICAR } from "@/relay/local-scanners";
import type { DemoCredential } from "./traffic-plan";

// Two messages that show content security in the demo: a card number beside "card"/"Karte" (the
// Standard profile's DLP rule holds it → Quarantine page) and the EICAR test file as an attachment
// (clamd refuses it: 550). Standard scans every message with clamd and rspamd and defers (451) when
// either is down, so both are sent only when both scanners run; otherwise the demo says why.

export interface DemoScannerState {
  clamd: boolean;
  rspamd: boolean;
}

export interface ContentSample {
  kind: "dlp" | "virus";
  credential: DemoCredential;
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}

// A Visa test number: passes Luhn, belongs to no one.
const TEST_CARD = "4111 1111 1111 1111";
// Both demo samples go out as this sender (internal, on the Standard profile by default).
const SAMPLE_SENDER = "Order confirmations";

export function contentSamples(credentials: DemoCredential[]): ContentSample[] {
  const credential = credentials.find((c) => c.sender === SAMPLE_SENDER) ?? credentials[0];
  if (!credential) return [];
  return [
    {
      kind: "dlp",
      credential,
      to: "customer-care@gmail.com",
      subject: "Refund for order #48213",
      text: `Hello,\n\nplease refund the order to my credit card ${TEST_CARD} (meine Karte, exp 12/29).\n\nThanks\n`,
    },
    {
      kind: "virus",
      credential,
      to: "customer4711@outlook.com",
      subject: "Your order documents",
      text: "Please find your order documents attached.\n",
      // EICAR: the harmless antivirus test file, assembled in code (no file of ours contains it).
      attachments: [{ filename: "order-documents.txt", content: EICAR, contentType: "text/plain" }],
    },
  ];
}

// Why the samples are not sent, or null when they are.
export function contentSamplesSkipped(scanners: DemoScannerState | undefined): string | null {
  if (!scanners) return "scanner state unknown (restart npm start)";
  const missing = [!scanners.clamd && "clamd", !scanners.rspamd && "rspamd"].filter(Boolean);
  return missing.length ? `${missing.join(" and ")} not running (apt-get install clamav-daemon rspamd)` : null;
}

export interface SampleOutcome {
  kind: ContentSample["kind"];
  // "250" accepted (a DLP hit is held by the relay), else the SMTP reply code.
  code: string;
  response: string;
}

export async function sendContentSamples(
  target: { relayHost: string; relayPort: number },
  samples: ContentSample[],
): Promise<SampleOutcome[]> {
  const out: SampleOutcome[] = [];
  for (const s of samples) {
    const transport = nodemailer.createTransport({
      host: target.relayHost,
      port: target.relayPort,
      secure: false,
      requireTLS: true,
      // The demo relay's certificate is self-signed.
      tls: { rejectUnauthorized: false },
      auth: { user: s.credential.username, pass: s.credential.secret },
    });
    try {
      const info = await transport.sendMail({
        from: s.credential.from,
        to: s.to,
        subject: s.subject,
        text: s.text,
        attachments: s.attachments,
      });
      out.push({ kind: s.kind, code: "250", response: info.response });
    } catch (error) {
      const e = error as { responseCode?: number; response?: string; message: string };
      out.push({ kind: s.kind, code: String(e.responseCode ?? "error"), response: e.response ?? e.message });
    } finally {
      transport.close();
    }
  }
  return out;
}

// One line for the start output / demo:traffic.
export function describeSamples(outcomes: SampleOutcome[]): string {
  return outcomes
    .map((o) => {
      if (o.kind === "dlp")
        return o.code === "250"
          ? "card number held by DLP (see Quarantine)"
          : `card-number message answered ${o.code} (expected: held by DLP)`;
      return o.code === "550"
        ? "EICAR attachment refused as a virus (550)"
        : `EICAR message answered ${o.code} (expected: 550 virus)`;
    })
    .join("; ");
}
