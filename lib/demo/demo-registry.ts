import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { addDomain } from "@/lib/domains/add-domain";
import { parseInput } from "@/lib/errors";
import { changeSenderStatus } from "@/lib/senders/change-sender-status";
import { decideSender } from "@/lib/senders/decide-sender";
import { registerSender } from "@/lib/senders/register-sender";
import { addYearsUtc, todayUtc } from "@/lib/senders/review";
import { dataDir } from "@/lib/server/config/paths";
import { createSenderSchema } from "@/lib/validations/senders";

// Demo registry: sending domains, senders in every state, and SMTP credentials whose secrets are
// kept (demo only!) in <data dir>/demo-secrets.json (mode 0600) so demo traffic can use them.
export const DEMO_SECRETS_FILE = "demo-secrets.json";
// An admin API token for demo traffic's feedback-loop reports (demo only, 0600).
export const DEMO_API_TOKEN_FILE = "demo-api-token";

export interface DemoSecret {
  sender: string;
  username: string;
  secret: string;
  from: string;
}

interface DemoSender {
  name: string;
  kind: "internal_onprem" | "internal_cloud" | "saas";
  vendor?: string;
  ownerTeam: string;
  contactEmail: string;
  purpose: string;
  domains: string[];
  from: string;
  cidrs?: string;
  rate: [number, number];
  end: "requested" | "approved" | "active" | "suspended";
}

const DEMO_DOMAINS = ["shop.example.com", "billing.example.com", "notify.example.com"];

const DEMO_SENDERS: DemoSender[] = [
  {
    name: "Order confirmations",
    kind: "internal_cloud",
    ownerTeam: "E-commerce",
    contactEmail: "shop-team@example.com",
    purpose: "Order and shipping confirmations for web shop customers",
    domains: ["shop.example.com"],
    from: "orders@shop.example.com",
    rate: [300, 100_000],
    end: "active",
  },
  {
    name: "Invoices",
    kind: "internal_onprem",
    ownerTeam: "Finance IT",
    contactEmail: "finance-it@example.com",
    purpose: "Monthly invoices and payment receipts from the ERP",
    domains: ["billing.example.com"],
    from: "invoices@billing.example.com",
    cidrs: "127.0.0.0/8, 10.20.0.0/16, ::1",
    rate: [120, 50_000],
    end: "active",
  },
  {
    name: "Salesforce Marketing",
    kind: "saas",
    vendor: "salesforce",
    ownerTeam: "Marketing Ops",
    contactEmail: "marketing-ops@example.com",
    purpose: "Newsletter double opt-in and campaign follow-ups from Salesforce",
    domains: ["notify.example.com"],
    from: "news@notify.example.com",
    rate: [600, 200_000],
    end: "active",
  },
  {
    name: "ServiceNow ITSM",
    kind: "saas",
    vendor: "servicenow",
    ownerTeam: "IT Service Desk",
    contactEmail: "servicedesk@example.com",
    purpose: "Ticket notifications to employees and customers",
    domains: ["notify.example.com"],
    from: "itsm@notify.example.com",
    rate: [60, 20_000],
    end: "approved",
  },
  {
    name: "Workday HR",
    kind: "saas",
    vendor: "workday",
    ownerTeam: "People Systems",
    contactEmail: "people-systems@example.com",
    purpose: "Payslip availability and onboarding notices to employees",
    domains: ["notify.example.com"],
    from: "hr@notify.example.com",
    rate: [30, 5_000],
    end: "requested",
  },
  {
    name: "Legacy newsletter tool",
    kind: "internal_onprem",
    ownerTeam: "Communications",
    contactEmail: "comms@example.com",
    purpose: "Old newsletter server being phased out after a spam incident",
    domains: ["shop.example.com"],
    from: "newsletter@shop.example.com",
    rate: [60, 1_000],
    end: "suspended",
  },
];

async function actorFor(email: string): Promise<Actor> {
  const [user] = await getDb().select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`demo user ${email} missing`);
  return { kind: "user", id: user.id, label: user.email, role: user.role, ip: null };
}

export async function seedDemoRegistry(): Promise<DemoSecret[]> {
  const [admin, security, infra] = await Promise.all(
    ["admin", "security", "infra"].map((r) => actorFor(`${r}@switchyard.local`)),
  );
  const domainIds = new Map<string, string>();
  for (const domain of DEMO_DOMAINS) {
    const { domain: added } = await addDomain({ actor: admin, input: { domain, algorithm: "rsa" } });
    domainIds.set(domain, added.id);
  }
  const secrets: DemoSecret[] = [];
  for (const demo of DEMO_SENDERS) {
    // The demo data is written the way the form posts it (CIDRs as one string): parsed like a form.
    const sender = await registerSender({
      actor: infra,
      input: parseInput(createSenderSchema, {
        name: demo.name,
        kind: demo.kind,
        vendor: demo.vendor ?? "",
        ownerTeam: demo.ownerTeam,
        contactEmail: demo.contactEmail,
        purpose: demo.purpose,
        fromDomainIds: demo.domains.map((d) => domainIds.get(d)),
        allowedFromAddresses: "",
        allowedCidrs: demo.cidrs ?? "",
        rateLimitPerMinute: demo.rate[0],
        rateLimitPerDay: demo.rate[1],
        reviewDate: addYearsUtc(todayUtc(), 1),
      }),
    });
    if (demo.end === "requested") continue;
    await decideSender({
      actor: security,
      input: {
        senderId: sender.id,
        decision: "approve",
        revision: sender.revision,
        comment: "Demo: owner, purpose and domains checked",
      },
    });
    if (demo.end === "approved") continue;
    await changeSenderStatus({ actor: security, input: { senderId: sender.id, action: "activate" } });
    const { credential, secret } = await issueCredential({ actor: infra, input: { senderId: sender.id } });
    secrets.push({ sender: demo.name, username: credential.username, secret, from: demo.from });
    if (demo.end === "suspended")
      await changeSenderStatus({
        actor: security,
        input: { senderId: sender.id, action: "suspend", reason: "Demo: spam complaints from the old tool" },
      });
  }
  // The data directory may not exist yet on PostgreSQL (nothing else created it).
  fs.mkdirSync(dataDir(), { recursive: true });
  fs.writeFileSync(path.join(dataDir(), DEMO_SECRETS_FILE), JSON.stringify(secrets, null, 2), { mode: 0o600 });
  const { token } = await createApiToken({ actor: admin, input: { name: "demo-traffic", expiresInDays: 365 } });
  fs.writeFileSync(path.join(dataDir(), DEMO_API_TOKEN_FILE), token, { mode: 0o600 });
  return secrets;
}

export function readDemoApiToken(): string | null {
  const file = path.join(dataDir(), DEMO_API_TOKEN_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : null;
}

export function readDemoSecrets(): DemoSecret[] {
  const file = path.join(dataDir(), DEMO_SECRETS_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as DemoSecret[]) : [];
}
