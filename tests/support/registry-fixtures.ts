import { randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import { senderDomains, senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { addDomain } from "@/lib/domains/add-domain";
import { parseInput } from "@/lib/errors";
import { addDomainSchema } from "@/lib/validations/domains";

// A sending domain (with its first DKIM key, through the real domain function) and an active
// sender using it, inserted directly so tests of later capabilities do not replay the lifecycle.
export async function makeDomain(actor: Actor, name = `d${randomBytes(4).toString("hex")}.example.com`) {
  // The name may be Unicode (bücher-shop.example): parsed as the form would, to its ASCII form.
  const { domain } = await addDomain({ actor, input: parseInput(addDomainSchema, { domain: name }) });
  return domain;
}

export async function makeActiveSender(
  actor: Actor,
  domainId: string,
  overrides: Partial<typeof senders.$inferInsert> = {},
) {
  const suffix = randomBytes(4).toString("hex");
  const [sender] = await getDb()
    .insert(senders)
    .values({
      name: `Sender ${suffix}`,
      slug: `sender-${suffix}`,
      kind: "internal_cloud",
      ownerTeam: "Payments",
      contactEmail: "payments@example.com",
      purpose: "Invoices",
      rateLimitPerMinute: 60,
      rateLimitPerDay: 10_000,
      reviewDate: "2030-01-01",
      status: "active",
      requestedBy: actor.id,
      ...overrides,
    })
    .returning();
  await getDb().insert(senderDomains).values({ senderId: sender.id, domainId });
  return sender;
}
