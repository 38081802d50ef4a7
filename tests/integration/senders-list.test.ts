import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { type NewSender, type SenderStatus, senderDomains, senders, sendingDomains } from "@/db/schema";
import { REVIEWABLE_STATUSES, todayUtc } from "@/lib/senders/review";
import { listSendersRaw } from "../support/senders-at-edge";

// 36 senders on one domain (a dozen of them on a second too), varied enough that every filter,
// sort and page boundary is exercised; expectations are computed from the same data in JS.
const STATUSES: SenderStatus[] = ["requested", "approved", "active", "suspended", "retired", "rejected"];
const KINDS = ["internal_onprem", "internal_cloud", "saas"] as const;
const VENDORS = ["salesforce", "zendesk", "okta"];
const today = todayUtc();
const day = (offset: number) => todayUtc(new Date(Date.now() + offset * 86_400_000));

let listDomain: string;
let secondDomain: string;
let seeded: (NewSender & { id: string; domains: string[] })[] = [];

beforeAll(async () => {
  const db = getDb();
  [{ id: listDomain }, { id: secondDomain }] = await db
    .insert(sendingDomains)
    .values([
      { domain: "list.example", displayName: "list.example" },
      { domain: "second.example", displayName: "second.example" },
    ])
    .returning({ id: sendingDomains.id });
  const rows: NewSender[] = Array.from({ length: 36 }, (_, i) => {
    const kind = KINDS[i % 3];
    return {
      name:
        i === 35 ? "100% Uptime_Reports" : `Sender ${String.fromCharCode(65 + (i % 26))}${String(i).padStart(2, "0")}`,
      slug: `list-sender-${i}`,
      kind,
      vendor: kind === "saas" ? VENDORS[i % VENDORS.length] : null,
      ownerTeam: i % 4 === 0 ? "Finance Ops" : "Platform",
      contactEmail: i % 5 === 0 ? `Billing-${i}@Corp.Example` : `team-${i}@corp.example`,
      purpose: "Seeded for the list test",
      rateLimitPerMinute: 10,
      rateLimitPerDay: 1000,
      reviewDate: day(i % 3 === 0 ? -(i + 1) : i + 1),
      status: STATUSES[i % STATUSES.length],
      updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    };
  });
  const inserted = await db.insert(senders).values(rows).returning();
  const links = inserted.flatMap((s, i) =>
    (i % 3 === 1 ? [listDomain, secondDomain] : [listDomain]).map((domainId) => ({ senderId: s.id, domainId })),
  );
  await db.insert(senderDomains).values(links);
  seeded = inserted.map((s, i) => ({
    ...s,
    domains: i % 3 === 1 ? ["list.example", "second.example"] : ["list.example"],
  }));
});

const names = (page: { rows: { name: string }[] }) => page.rows.map((r) => r.name);
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

describe("listSenders", () => {
  it("filters by domain, status, kind, vendor and needs-review, with the total", async () => {
    const all = await listSendersRaw({ domainId: listDomain, pageSize: 100 });
    expect(all.total).toBe(36);
    expect(names(all)).toEqual(seeded.map((s) => s.name).sort());
    expect((await listSendersRaw({ domainId: secondDomain, pageSize: 100 })).total).toBe(12);

    const active = await listSendersRaw({ domainId: listDomain, status: "active", pageSize: 100 });
    expect(names(active)).toEqual(
      seeded
        .filter((s) => s.status === "active")
        .sort(byName)
        .map((s) => s.name),
    );
    const saas = await listSendersRaw({ domainId: listDomain, kind: "saas", pageSize: 100 });
    expect(saas.total).toBe(12);
    const okta = await listSendersRaw({ domainId: listDomain, vendor: "okta", pageSize: 100 });
    expect(names(okta)).toEqual(
      seeded
        .filter((s) => s.vendor === "okta")
        .sort(byName)
        .map((s) => s.name),
    );

    const overdue = seeded.filter(
      (s) => s.reviewDate! < today && (REVIEWABLE_STATUSES as readonly string[]).includes(s.status!),
    );
    const review = await listSendersRaw({ domainId: listDomain, needsReview: "1", pageSize: 100 });
    expect(names(review)).toEqual(overdue.sort(byName).map((s) => s.name));
    expect(review.rows.every((r) => r.needsReview)).toBe(true);
    expect(overdue.length).toBeGreaterThan(2);
  });

  it("searches name, owner team and contact email case-insensitively, treating % and _ literally", async () => {
    expect((await listSendersRaw({ domainId: listDomain, q: "finance", pageSize: 100 })).total).toBe(
      seeded.filter((s) => s.ownerTeam === "Finance Ops").length,
    );
    expect((await listSendersRaw({ domainId: listDomain, q: "BILLING-", pageSize: 100 })).total).toBe(
      seeded.filter((s) => s.contactEmail!.startsWith("Billing")).length,
    );
    expect(names(await listSendersRaw({ domainId: listDomain, q: "b01" }))).toEqual(["Sender B01"]);
    expect(names(await listSendersRaw({ domainId: listDomain, q: "%" }))).toEqual(["100% Uptime_Reports"]);
    expect(names(await listSendersRaw({ domainId: listDomain, q: "_" }))).toEqual(["100% Uptime_Reports"]);
    expect((await listSendersRaw({ domainId: listDomain, q: "no such thing" })).total).toBe(0);
  });

  it("sorts by each column in both directions, ties broken by name", async () => {
    const desc = await listSendersRaw({ domainId: listDomain, sort: "name", dir: "desc", pageSize: 100 });
    expect(names(desc)).toEqual(
      seeded
        .map((s) => s.name)
        .sort()
        .reverse(),
    );
    const byReview = await listSendersRaw({ domainId: listDomain, sort: "reviewDate", pageSize: 100 });
    expect(names(byReview)).toEqual(
      [...seeded]
        .sort((a, b) => (a.reviewDate! < b.reviewDate! ? -1 : a.reviewDate! > b.reviewDate! ? 1 : byName(a, b)))
        .map((s) => s.name),
    );
    const byUpdated = await listSendersRaw({ domainId: listDomain, sort: "updatedAt", dir: "desc", pageSize: 100 });
    expect(names(byUpdated)).toEqual([...seeded].reverse().map((s) => s.name));
    const byStatus = await listSendersRaw({ domainId: listDomain, sort: "status", pageSize: 100 });
    const order = byStatus.rows.map((r) => STATUSES.indexOf(r.status));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("paginates without gaps or repeats, returning each page's domains", async () => {
    const pages = [];
    for (let page = 1; page <= 4; page++)
      pages.push(await listSendersRaw({ domainId: listDomain, sort: "updatedAt", page, pageSize: 10 }));
    expect(pages.map((p) => p.rows.length)).toEqual([10, 10, 10, 6]);
    expect(pages[0]).toMatchObject({ total: 36, pageCount: 4, page: 1, pageSize: 10 });
    expect(pages.flatMap(names)).toEqual(seeded.map((s) => s.name));
    for (const row of pages.flatMap((p) => p.rows)) {
      expect(row.domains.map((d) => d.domain)).toEqual(seeded.find((s) => s.id === row.id)!.domains);
    }
    const beyond = await listSendersRaw({ domainId: listDomain, page: 9, pageSize: 10 });
    expect(beyond).toMatchObject({ total: 36, rows: [] });
  });

  it("refuses malformed filters with the field named", async () => {
    await expect(listSendersRaw({ status: "zombie" })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { status: ["Unknown status"] },
    });
    await expect(listSendersRaw({ pageSize: 1000 })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
