// What demo traffic sends: realistic recipients across big mailbox providers, a share of
// addresses the demo sink bounces ("bounce…": 550 5.1.1) or defers ("defer…": 451 4.2.0), and a
// few deliberate policy violations so every rejection reason shows up.
export interface PlannedMessage {
  sender: string;
  username: string;
  secret: string;
  from: string;
  to: string;
  subject: string;
  // Expected to draw a complaint (the demo files an ARF report for it once delivered).
  complain: boolean;
}

export interface DemoCredential {
  sender: string;
  username: string;
  secret: string;
  from: string;
}

const PROVIDERS = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "gmx.de", "example.org"];
const SUBJECTS: Record<string, string[]> = {
  "Order confirmations": ["Your order #{n} is confirmed", "Your order #{n} has shipped"],
  Invoices: ["Invoice INV-{n} is available", "Payment received for INV-{n}"],
  "Salesforce Marketing": ["Please confirm your subscription", "Your weekly product digest"],
};
// Salesforce Marketing mails colder lists: more bounces, and the complaints.
const BOUNCE_SHARE: Record<string, number> = { "Salesforce Marketing": 0.12 };
const DEFAULT_BOUNCE_SHARE = 0.04;
const DEFER_SHARE = 0.05;
const COMPLAINT_SHARE: Record<string, number> = { "Salesforce Marketing": 0.04 };

export function planTraffic(
  credentials: DemoCredential[],
  count: number,
  random: () => number = Math.random,
): PlannedMessage[] {
  const live = credentials.filter((c) => SUBJECTS[c.sender]);
  const out: PlannedMessage[] = [];
  for (let i = 0; i < count && live.length; i++) {
    const c = live[i % live.length];
    const n = 10_000 + Math.floor(random() * 90_000);
    const roll = random();
    const bounceShare = BOUNCE_SHARE[c.sender] ?? DEFAULT_BOUNCE_SHARE;
    const local = roll < bounceShare ? `bounce-${n}` : roll < bounceShare + DEFER_SHARE ? `defer-${n}` : `customer${n}`;
    const subjects = SUBJECTS[c.sender];
    out.push({
      ...c,
      to: `${local}@${PROVIDERS[Math.floor(random() * PROVIDERS.length)]}`,
      subject: subjects[n % subjects.length].replace("{n}", String(n)),
      complain:
        !local.startsWith("bounce") && !local.startsWith("defer") && random() < (COMPLAINT_SHARE[c.sender] ?? 0),
    });
  }
  return out;
}
