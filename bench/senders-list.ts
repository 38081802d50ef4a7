// npm run bench:senders – seeds 10,000 senders into a temporary database and times listSenders (the
// senders page's data) for typical queries, p50/p95 over repeated runs, against a bare
// `select * from senders order by name limit 50` on the same database. PGlite always; PostgreSQL
// too when BENCH_DATABASE_URL points at a server (a temporary database is created and dropped).
import { p50p95 } from "./support/bench-common";
import { setBenchSecret, targetInMemoryPglite, withTemporaryDatabase } from "./support/bench-database";

const SENDER_COUNT = 10_000;
const DOMAIN_COUNT = 20;
const WARMUP_RUNS = 5;
const MEASURED_RUNS = Number(process.env.BENCH_RUNS || 40);
const INSERT_BATCH = 1_000;

interface Row {
  query: string;
  p50: number;
  p95: number;
}

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP_RUNS; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return p50p95(samples);
}

async function seed() {
  const { getDb } = await import("@/db/client");
  const { senderDomains, senders, sendingDomains } = await import("@/db/schema");
  const db = getDb();
  const domains = await db
    .insert(sendingDomains)
    .values(
      Array.from({ length: DOMAIN_COUNT }, (_, i) => ({
        domain: `d${i}.example.com`,
        displayName: `d${i}.example.com`,
      })),
    )
    .returning({ id: sendingDomains.id });
  const statuses = [
    "active",
    "active",
    "active",
    "active",
    "approved",
    "requested",
    "suspended",
    "retired",
    "rejected",
  ] as const;
  const kinds = ["internal_onprem", "internal_cloud", "saas"] as const;
  const vendors = [
    "salesforce",
    "servicenow",
    "workday",
    "zendesk",
    "hubspot",
    "marketo",
    "atlassian",
    "github",
    "okta",
    "sap_successfactors",
    "other",
  ];
  const purposes = [
    "payroll",
    "invoices",
    "alerts",
    "password resets",
    "shipping",
    "newsletters",
    "tickets",
    "reports",
  ];
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  for (let start = 0; start < SENDER_COUNT; start += INSERT_BATCH) {
    const batch = Array.from({ length: Math.min(INSERT_BATCH, SENDER_COUNT - start) }, (_, j) => {
      const i = start + j;
      const kind = kinds[i % kinds.length];
      const topic = purposes[i % purposes.length];
      return {
        name: `${topic} sender ${String(i).padStart(5, "0")}`,
        slug: `${topic.replace(/ /g, "-")}-sender-${i}`,
        kind,
        vendor: kind === "saas" ? vendors[i % vendors.length] : null,
        ownerTeam: `team-${String(i % 50).padStart(2, "0")}`,
        contactEmail: `owner${i}@corp.example.com`,
        purpose: `Sends ${topic} for application ${i}`,
        allowedFromAddresses: [`noreply@d${i % DOMAIN_COUNT}.example.com`],
        allowedCidrs: ["10.0.0.0/8"],
        rateLimitPerMinute: 60,
        rateLimitPerDay: 10_000,
        reviewDate: day((i % 1460) - 365),
        status: statuses[i % statuses.length],
        updatedAt: new Date(Date.now() - i * 60_000),
      };
    });
    const inserted = await db.insert(senders).values(batch).returning({ id: senders.id });
    const links = inserted.flatMap((s, j) => {
      const first = (start + j) % DOMAIN_COUNT;
      const ids = [domains[first].id];
      if ((start + j) % 4 === 0) ids.push(domains[(first + 7) % DOMAIN_COUNT].id);
      return ids.map((domainId) => ({ senderId: s.id, domainId }));
    });
    await db.insert(senderDomains).values(links);
  }
  await db.execute((await import("drizzle-orm")).sql`analyze`);
  return { domainId: domains[3].id };
}

async function benchOne(label: string): Promise<void> {
  const { getDb, closeDb } = await import("@/db/client");
  const { runMigrations } = await import("@/db/migrate");
  const { listSenders } = await import("@/lib/senders/list-senders");
  const { parseInput } = await import("@/lib/errors");
  const { senderListQuerySchema } = await import("@/lib/validations/senders");
  const { sql } = await import("drizzle-orm");
  await runMigrations();
  const seedStarted = performance.now();
  const { domainId } = await seed();
  console.log(
    `\n${label}: seeded ${SENDER_COUNT.toLocaleString("en-US")} senders in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; ${MEASURED_RUNS} runs each`,
  );

  const db = getDb();
  const baseline = await time(() => db.execute(sql`select * from senders order by name limit 50`));
  const queries: [string, Record<string, unknown>][] = [
    ["first page (sort name, 25)", {}],
    ["search q=payroll", { q: "payroll" }],
    ["search q=team-07 (owner)", { q: "team-07" }],
    ["filter status=active kind=saas, sort reviewDate", { status: "active", kind: "saas", sort: "reviewDate" }],
    ["filter domain + needs review", { domainId, needsReview: "1" }],
    ["filter vendor=okta, sort updatedAt desc", { vendor: "okta", sort: "updatedAt", dir: "desc" }],
    ["deep page 400 of 400 (sort name)", { page: 400 }],
    ["deep page 100, 100/page, sort status", { page: 100, pageSize: 100, sort: "status" }],
  ];
  const rows: Row[] = [{ query: "baseline: select * … order by name limit 50", ...baseline }];
  for (const [name, raw] of queries) {
    // Parsed once, as the page does before it lists: the timing is the listing's alone.
    const query = parseInput(senderListQuerySchema, raw);
    const page = await listSenders(query);
    if (page.rows.length === 0) throw new Error(`${name}: no rows — the benchmark would measure nothing`);
    rows.push({ query: `${name} [${page.total} match]`, ...(await time(() => listSenders(query))) });
  }
  const width = Math.max(...rows.map((r) => r.query.length));
  console.log(`${"query".padEnd(width)}   p50 ms   p95 ms   p50 vs baseline`);
  for (const r of rows) {
    console.log(
      `${r.query.padEnd(width)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)}   ${(r.p50 / baseline.p50).toFixed(1).padStart(6)}×`,
    );
  }
  await closeDb();
}

setBenchSecret();
targetInMemoryPglite();
await benchOne("PGlite (in memory)");

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl) await withTemporaryDatabase(adminUrl, (url) => benchOne(`PostgreSQL (${url.host})`));
else console.log("\n(Set BENCH_DATABASE_URL=postgres://… to run the same on PostgreSQL.)");
