import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { sendingDomains, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { parseInput } from "@/lib/errors";
import { changeSenderStatus } from "@/lib/senders/change-sender-status";
import { decideSender } from "@/lib/senders/decide-sender";
import { registerSender } from "@/lib/senders/register-sender";
import { addYearsUtc, todayUtc } from "@/lib/senders/review";
import { setSetting } from "@/lib/settings/settings";
import { createSenderSchema } from "@/lib/validations/senders";

export const DEMO_NOTIFY_FROM = "switchyard@notify.example.com";

async function actorFor(email: string): Promise<Actor> {
  const [user] = await getDb().select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`demo user ${email} missing`);
  return { kind: "user", id: user.id, label: user.email, role: user.role, ip: null };
}

// The control plane's own sender for its notification mail (re-certification links, warnings),
// registered and approved like any other, with an SMTP credential stored sealed in the notify.*
// settings: its mail goes through the real relay, under the relay's policy, into the demo sink.
// The relay's address (notify.smtpHost/Port) is set by npm start, which chooses the port.
export async function seedDemoNotifications(): Promise<void> {
  const [security, infra] = await Promise.all(["security", "infra"].map((r) => actorFor(`${r}@switchyard.local`)));
  const [domain] = await getDb().select().from(sendingDomains).where(eq(sendingDomains.domain, "notify.example.com"));
  if (!domain) throw new Error("demo domain notify.example.com missing");
  const sender = await registerSender({
    actor: infra,
    input: parseInput(createSenderSchema, {
      name: "Switchyard notifications",
      kind: "internal_onprem",
      vendor: "",
      ownerTeam: "Security",
      contactEmail: "security@switchyard.local",
      purpose: "Switchyard's own mail: re-certification links and warnings to sender owners",
      fromDomainIds: [domain.id],
      allowedFromAddresses: DEMO_NOTIFY_FROM,
      allowedCidrs: "127.0.0.0/8, ::1",
      rateLimitPerMinute: 60,
      rateLimitPerDay: 5_000,
      reviewDate: addYearsUtc(todayUtc(), 1),
    }),
  });
  await decideSender({
    actor: security,
    input: {
      senderId: sender.id,
      decision: "approve",
      revision: sender.revision,
      comment: "Demo: Switchyard's own mail",
    },
  });
  await changeSenderStatus({ actor: security, input: { senderId: sender.id, action: "activate" } });
  const { credential, secret } = await issueCredential({
    actor: infra,
    input: { senderId: sender.id, expiresInDays: 365 },
  });
  const seeder = { ...security, label: "demo seed" };
  await setSetting({ actor: seeder, key: "notify.smtpUser", value: credential.username });
  await setSetting({ actor: seeder, key: "notify.smtpPassword", value: secret });
  await setSetting({ actor: seeder, key: "notify.from", value: DEMO_NOTIFY_FROM });
  // The demo relay's certificate is self-signed.
  await setSetting({ actor: seeder, key: "notify.smtpTlsVerify", value: false });
}
