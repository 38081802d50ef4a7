import nodemailer from "nodemailer";
import { buildArfReport } from "./arf-report";
import type { DemoCredential, PlannedMessage } from "./traffic-plan";

export interface TrafficTarget {
  relayHost: string;
  relayPort: number;
  dashboardUrl: string;
  apiToken: string | null;
}

export interface TrafficResult {
  accepted: number;
  refused: Record<string, number>;
  complaintsFiled: number;
}

const CONNECTIONS_PER_SENDER = 3;

function transportFor(target: TrafficTarget, user: string, pass: string) {
  return nodemailer.createTransport({
    host: target.relayHost,
    port: target.relayPort,
    secure: false,
    requireTLS: true,
    pool: true,
    maxConnections: CONNECTIONS_PER_SENDER,
    // The demo relay's certificate is self-signed.
    tls: { rejectUnauthorized: false },
    auth: { user, pass },
  });
}

// Sends the planned messages through the relay (real SMTP, STARTTLS + AUTH) and returns what was
// accepted, with the Message-IDs of those that should draw a complaint.
export async function sendPlanned(
  target: TrafficTarget,
  plan: PlannedMessage[],
): Promise<{ result: TrafficResult; toComplain: { messageId: string; to: string }[] }> {
  const result: TrafficResult = { accepted: 0, refused: {}, complaintsFiled: 0 };
  const toComplain: { messageId: string; to: string }[] = [];
  // One pooled connection set per login (a wrong secret is a login of its own).
  const byUser = new Map<string, PlannedMessage[]>();
  for (const m of plan) {
    const login = `${m.username}\u0000${m.secret}`;
    byUser.set(login, [...(byUser.get(login) ?? []), m]);
  }
  await Promise.all(
    [...byUser.values()].map(async (messages) => {
      const transport = transportFor(target, messages[0].username, messages[0].secret);
      try {
        await Promise.all(
          messages.map(async (m) => {
            try {
              const info = await transport.sendMail({
                from: m.from,
                to: m.to,
                subject: m.subject,
                text: `${m.subject}\n\nSent by npm run demo:traffic.\n`,
              });
              result.accepted++;
              if (m.complain) toComplain.push({ messageId: info.messageId, to: m.to });
            } catch (error) {
              const code = String((error as { responseCode?: number }).responseCode ?? "error");
              result.refused[code] = (result.refused[code] ?? 0) + 1;
            }
          }),
        );
      } finally {
        transport.close();
      }
    }),
  );
  return { result, toComplain };
}

// Deliberate violations, so the rejection breakdown has auth, domain and suspended-sender cases.
export function violations(credentials: DemoCredential[]): PlannedMessage[] {
  const first = credentials[0];
  if (!first) return [];
  const base = {
    sender: first.sender,
    username: first.username,
    from: first.from,
    complain: false,
    subject: "Violation",
  };
  return [
    { ...base, secret: `${first.secret.slice(0, -1)}x`, to: "someone@gmail.com", subject: "Wrong secret" },
    {
      ...base,
      secret: first.secret,
      from: "ceo@not-our-domain.example",
      to: "someone@outlook.com",
      subject: "Spoofed From",
    },
  ];
}

// Files an ARF report for each delivered message that drew a complaint, with the original
// headers as the sink received them, through the management API.
export async function fileComplaints(
  target: TrafficTarget,
  reports: { headers: string; to: string }[],
): Promise<number> {
  if (!target.apiToken) return 0;
  let filed = 0;
  for (const report of reports) {
    const response = await fetch(`${target.dashboardUrl}/api/v1/complaints`, {
      method: "POST",
      headers: { authorization: `Bearer ${target.apiToken}`, "content-type": "message/rfc822" },
      body: buildArfReport({ originalHeaders: report.headers, recipient: report.to }),
    });
    if (response.ok) filed++;
  }
  return filed;
}
