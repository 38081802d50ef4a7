// TLS per recipient domain (issue 13, item 9): a relay's delivered events say whether they went
// out over TLS; ingest stores it on the raw event and in the rollups (a delivery's reason), and the
// Deliverability page's recipient-domain table shows each domain's TLS share and whether setting
// tls.requiredDomains covers it, from every grain that table reads.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { deliveryEvents, deliveryStats } from "@/db/schema";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { byRecipientDomain } from "@/lib/deliverability/breakdowns";
import { deliverabilityDashboard } from "@/lib/deliverability/dashboard";
import { ingestEvents } from "@/lib/events/ingest-events";
import { registerRelay } from "@/lib/relays/register-relay";
import { setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

let sender: { id: string; credentialId: string };
const run = Date.now().toString(36);
// Domains of this run only, so other files' events do not change the figures.
const bank = `bank-${run}.example`;
const mixed = `mixed-${run}.example`;
const old = `old-${run}.example`;
let relayId: string;
let n = 0;

const delivered = (domain: string, tls: boolean | null | undefined) => ({
  id: `tls-${run}-${++n}`,
  type: "delivered",
  at: new Date().toISOString(),
  senderId: sender.id,
  credentialId: sender.credentialId,
  from: "app@shop.example.com",
  recipient: `user${n}@${domain}`,
  smtpCode: 250,
  ...(tls === undefined ? {} : { tls }),
});

beforeAll(async () => {
  const admin = await makeActor("admin");
  relayId = (await registerRelay({ actor: admin, input: { name: `relay-tls-${run}` } })).relay.id;
  await setSetting({ actor: admin, key: "tls.requiredDomains", value: [bank] });
  // Outcomes count only for a credential this relay accepted mail from.
  const made = await makeActiveSender(admin, (await makeDomain(admin)).id);
  const { credential } = await issueCredential({ actor: admin, input: { senderId: made.id } });
  sender = { id: made.id, credentialId: credential.id };
  const accepted = { ...delivered(mixed, undefined), type: "accepted", smtpCode: 250, username: credential.username };
  expect(await ingestEvents({ relayId, input: { events: [accepted] } })).toMatchObject({ accepted: 1 });
  const events = [
    // bank: all over TLS (one on a subdomain: covered by the listed parent domain)
    delivered(bank, true),
    delivered(bank, true),
    delivered(`mx.${bank}`, true),
    // mixed: 5 of 8 over TLS
    ...[true, true, true, true, true, false, false, false].map((tls) => delivered(mixed, tls)),
    // mixed: two more whose TLS nobody reported (they do not count either way)
    delivered(mixed, undefined),
    delivered(mixed, null),
    // old: deliveries from a relay that does not report TLS
    delivered(old, undefined),
    delivered(old, undefined),
  ];
  const result = await ingestEvents({ relayId, input: { events } });
  expect(result).toMatchObject({ accepted: events.length, invalid: [] });
});

const range = () => ({ from: new Date(Date.now() - 60 * 60_000), to: new Date(Date.now() + 60_000) });

describe("TLS per recipient domain", () => {
  it("stores each delivered event's tls (true, false, or null when not reported)", async () => {
    const rows = await getDb()
      .select({ tls: deliveryEvents.tls })
      .from(deliveryEvents)
      .where(
        and(
          eq(deliveryEvents.relayId, relayId),
          eq(deliveryEvents.type, "delivered"),
          eq(deliveryEvents.recipientDomain, mixed),
        ),
      );
    const tally = (v: boolean | null) => rows.filter((r) => r.tls === v).length;
    expect([tally(true), tally(false), tally(null)]).toEqual([5, 3, 2]);
  });

  it("keeps a delivery's TLS in the rollups' reason, in the recipient grain too", async () => {
    const rows = await getDb()
      .select({ reason: deliveryStats.reason, count: deliveryStats.count })
      .from(deliveryStats)
      .where(
        and(
          eq(deliveryStats.grain, "recipient"),
          eq(deliveryStats.bucketSize, "minute"),
          eq(deliveryStats.outcome, "delivered"),
          eq(deliveryStats.recipientDomain, mixed),
        ),
      );
    const sum = (reason: string) => rows.filter((r) => r.reason === reason).reduce((a, r) => a + Number(r.count), 0);
    expect([sum("tls"), sum("no_tls"), sum("")]).toEqual([5, 3, 2]);
  });

  it("shows the share of deliveries over TLS per domain, null when unknown, and marks TLS-required domains", async () => {
    const rows = await byRecipientDomain({ ...range(), recipientDomain: undefined });
    const pick = (domain: string) => rows.find((r) => r.key === domain);
    expect(pick(bank)).toMatchObject({ delivered: 2, tlsShare: 1, tlsRequired: true });
    expect(pick(`mx.${bank}`)).toMatchObject({ delivered: 1, tlsShare: 1, tlsRequired: true });
    expect(pick(mixed)).toMatchObject({ delivered: 10, tlsShare: 5 / 8, tlsRequired: false });
    expect(pick(old)).toMatchObject({ delivered: 2, tlsShare: null, tlsRequired: false });
  });

  it("gives the same shares filtered by sender (the full grain) and on the page's dashboard and API object", async () => {
    const filtered = await byRecipientDomain({ ...range(), senderId: sender.id });
    expect(filtered.find((r) => r.key === mixed)?.tlsShare).toBe(5 / 8);
    const one = await byRecipientDomain({ ...range(), recipientDomain: mixed });
    expect(one.map((r) => [r.key, r.tlsShare])).toEqual([[mixed, 5 / 8]]);
    const dashboard = await deliverabilityDashboard({ query: { range: "1h", senderId: sender.id } });
    const row = dashboard.byRecipientDomain.find((r) => r.key === bank);
    expect(row).toMatchObject({ tlsShare: 1, tlsRequired: true });
    // The rejection-reason breakdown is not confused by deliveries' "tls" reasons.
    expect(dashboard.rejectionReasons.find((r) => r.reason === "tls")?.count).toBe(0);
  });

  it("counts a retried batch once (the TLS share does not move)", async () => {
    await ingestEvents({ relayId, input: { events: [{ ...delivered(mixed, true), id: `tls-${run}-4` }] } });
    const rows = await byRecipientDomain({ ...range(), recipientDomain: mixed });
    expect(rows[0].tlsShare).toBe(5 / 8);
  });
});
