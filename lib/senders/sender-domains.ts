import { asc, eq, inArray } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { senderDomains, sendingDomains } from "@/db/schema";
import { invalidFields } from "@/lib/errors";
import { fromAddressDomain } from "@/lib/validations/senders";
import type { SenderDomainRef } from "./sender-view";

const domainColumns = {
  id: sendingDomains.id,
  domain: sendingDomains.domain,
  displayName: sendingDomains.displayName,
  status: sendingDomains.status,
};

// The From domains of many senders in one query (a list page's ids), keyed by sender id.
export async function loadSenderDomains(
  senderIds: string[],
  db: Executor = getDb(),
): Promise<Map<string, SenderDomainRef[]>> {
  const out = new Map<string, SenderDomainRef[]>(senderIds.map((id) => [id, []]));
  if (senderIds.length === 0) return out;
  const rows = await db
    .select({ senderId: senderDomains.senderId, ...domainColumns })
    .from(senderDomains)
    .innerJoin(sendingDomains, eq(sendingDomains.id, senderDomains.domainId))
    .where(inArray(senderDomains.senderId, senderIds))
    .orderBy(asc(sendingDomains.domain));
  for (const { senderId, ...domain } of rows) out.get(senderId)?.push(domain);
  return out;
}

// The chosen From domains must be registered and active; the error names fromDomainIds.
export async function resolveFromDomains(ids: string[], db: Executor): Promise<SenderDomainRef[]> {
  const rows = await db
    .select(domainColumns)
    .from(sendingDomains)
    .where(inArray(sendingDomains.id, ids))
    .orderBy(asc(sendingDomains.domain));
  const problems: string[] = [];
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length)
    problems.push(
      `${missing.length === 1 ? "A chosen domain is" : `${missing.length} chosen domains are`} not a registered sending domain`,
    );
  for (const row of rows)
    if (row.status !== "active")
      problems.push(`${row.displayName} is retired and can no longer be used as a From domain`);
  if (problems.length) throw invalidFields({ fromDomainIds: problems });
  return rows;
}

// Each allowed From address (exact or *@domain) must be at one of the sender's From domains.
export function assertAddressesInDomains(addresses: string[], domains: SenderDomainRef[]): void {
  const names = new Set(domains.map((d) => d.domain));
  const outside = addresses.filter((a) => !names.has(fromAddressDomain(a)));
  if (outside.length) {
    throw invalidFields({
      allowedFromAddresses: [
        `${outside.join(", ")} ${outside.length === 1 ? "is" : "are"} not at one of the chosen From domains (${[...names].join(", ")})`,
      ],
    });
  }
}

// The sending domains a sender may choose from (the registration and edit forms' checkboxes), or
// all of them, retired included (the list page's domain filter).
export async function listDomainOptions(
  { includeRetired = false }: { includeRetired?: boolean } = {},
  db: Executor = getDb(),
): Promise<SenderDomainRef[]> {
  return db
    .select(domainColumns)
    .from(sendingDomains)
    .where(includeRetired ? undefined : eq(sendingDomains.status, "active"))
    .orderBy(asc(sendingDomains.domain));
}
