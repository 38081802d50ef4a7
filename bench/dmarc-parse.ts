// npm run bench:dmarc – (1) parse time and peak memory for a generated ~10 MB DMARC aggregate report:
// Switchyard's safe path (size checks, DOCTYPE refusal, well-formedness validation, parse, zod
// structure check, normalisation) against a baseline of fast-xml-parser alone on the same bytes,
// plain and gzip. Each scenario runs in its own child process so peak RSS (maxRSS) is its own.
// (2) DNS health check time per domain against a local DNS server (no network).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { percentile } from "./support/bench-common";

const TARGET_BYTES = 10 * 1000 * 1000;
const RUNS = Number(process.env.BENCH_RUNS || 5);
const DNS_DOMAINS = 20;
const DNS_ROUNDS = 5;

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

function generateReport(): { xml: Buffer; records: number } {
  const head = `<?xml version="1.0" encoding="UTF-8"?><feedback><report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email><report_id>bench-10mb</report_id><date_range><begin>1717200000</begin><end>1717286399</end></date_range></report_metadata><policy_published><domain>acme.example</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>\n`;
  const parts: string[] = [head];
  let size = head.length;
  let records = 0;
  while (size < TARGET_BYTES - 1000) {
    const ip = `${10 + (records % 200)}.${(records >> 8) & 255}.${records & 255}.${(records * 7) & 255}`;
    const pass = records % 3 === 0 ? "pass" : "fail";
    const record = `  <record><row><source_ip>${ip}</source_ip><count>${1 + (records % 500)}</count><policy_evaluated><disposition>none</disposition><dkim>${pass}</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>acme.example</header_from><envelope_from>bounce.acme.example</envelope_from></identifiers><auth_results><dkim><domain>acme.example</domain><selector>sy2024a</selector><result>${pass}</result></dkim><dkim><domain>esp${records % 40}.example</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>bounce.acme.example</domain><scope>mfrom</scope><result>softfail</result></spf></auth_results></record>\n`;
    parts.push(record);
    size += record.length;
    records++;
  }
  parts.push("</feedback>\n");
  return { xml: Buffer.from(parts.join("")), records };
}

// ---- child: one scenario, timed, with its own peak RSS -----------------------------------------
async function child(scenario: string, file: string) {
  const bytes = fs.readFileSync(file);
  const { XMLParser } = await import("fast-xml-parser");
  const { safeDecompress } = await import("@/lib/dmarc/safe-decompress");
  const { parseAggregateReport } = await import("@/lib/dmarc/parse-aggregate-report");
  const run = async (): Promise<number> => {
    if (scenario === "baseline")
      return Object.keys(new XMLParser().parse(bytes.toString("utf8")).feedback.record).length;
    const { xml } = await safeDecompress(bytes);
    return parseAggregateReport(xml).records.length;
  };
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const times: number[] = [];
  let records = 0;
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    records = await run();
    if (i > 0) times.push(performance.now() - started);
    global.gc?.();
  }
  times.sort((a, b) => a - b);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      scenario,
      records,
      p50: percentile(times, 50),
      max: times[times.length - 1],
      peakRssMb: mb(peak),
      peakOverStartMb: mb(peak - rssBefore),
    }),
  );
}

// ---- DNS checks against the local server ---------------------------------------------------------
async function dnsBench() {
  const { startDnsServer } = await import("../tests/support/dns-server");
  const { createResolver } = await import("@/lib/posture/dns-resolver");
  const { runDnsChecks } = await import("@/lib/posture/run-dns-checks");
  const key = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  const zones: Record<string, { TXT?: string[]; A?: string[] }> = {};
  for (let i = 0; i < 6; i++)
    zones[`inc${i}.vendor.example`] = { TXT: [`v=spf1 ip4:198.51.${i}.0/24 include:sub${i}.vendor.example -all`] };
  for (let i = 0; i < 6; i++) zones[`sub${i}.vendor.example`] = { TXT: [`v=spf1 ip4:203.0.${i}.0/24 -all`] };
  const domains = Array.from({ length: DNS_DOMAINS }, (_, i) => `d${i}.example`);
  for (const [i, domain] of domains.entries()) {
    // Half simple, half with a tree of includes (7 lookups: 2 includes, each with a nested one, plus mx, a, a).
    const includes = i % 2 ? " include:inc0.vendor.example include:inc1.vendor.example mx a:relay.example a" : "";
    zones[domain] = { TXT: [`v=spf1${includes} ip4:192.0.2.10 -all`], A: ["192.0.2.80"] };
    zones[`sy2026a._domainkey.${domain}`] = { TXT: [`v=DKIM1; k=ed25519; p=${key}`] };
    zones[`_dmarc.${domain}`] = { TXT: ["v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com"] };
  }
  const server = await startDnsServer(zones);
  const resolver = createResolver({ servers: [server.address], timeoutMs: 1_000, tries: 1 });
  const times: number[] = [];
  const lookups: number[] = [];
  for (let round = 0; round < DNS_ROUNDS; round++) {
    for (const domain of domains) {
      const outcome = await runDnsChecks({
        domain,
        keys: [{ selector: "sy2026a", algorithm: "ed25519", publicKey: key, status: "active" }],
        egressAddresses: ["192.0.2.10"],
        reportEmail: "dmarc-reports@example.com",
        resolver,
      });
      if (round > 0) {
        times.push(outcome.durationMs);
        lookups.push(outcome.lookups);
      }
      if (outcome.status !== "ok")
        throw new Error(`${domain}: ${outcome.findings.filter((f) => f.severity !== "ok").map((f) => f.title)}`);
    }
  }
  await server.close();
  times.sort((a, b) => a - b);
  console.log(
    `\nDNS health check per domain (SPF + DKIM + DMARC, local DNS server on 127.0.0.1, ${times.length} checks, ${Math.min(...lookups)}-${Math.max(...lookups)} distinct queries each)`,
  );
  console.log(
    `  p50 ${percentile(times, 50)} ms   p95 ${percentile(times, 95)} ms   max ${times[times.length - 1]} ms`,
  );
}

async function main() {
  const [mode, scenario, file] = process.argv.slice(2);
  if (mode === "--child") return child(scenario, file);
  const { xml, records } = generateReport();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-bench-dmarc-"));
  const plain = path.join(dir, "report.xml");
  const gzip = path.join(dir, "report.xml.gz");
  fs.writeFileSync(plain, xml);
  fs.writeFileSync(gzip, zlib.gzipSync(xml));
  console.log(
    `Generated report: ${mb(xml.length)} MB, ${records} records (gzip ${mb(fs.statSync(gzip).size)} MB); ${RUNS} runs after one warm-up, Node ${process.version}`,
  );
  console.log("scenario                         records   p50 ms   max ms   peak RSS MB   peak over start MB");
  const scenarios: [string, string, string][] = [
    ["fast-xml-parser alone (baseline)", "baseline", plain],
    ["Switchyard: XML", "switchyard", plain],
    ["Switchyard: gzip", "switchyard", gzip],
  ];
  for (const [label, scenario, file] of scenarios) {
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", import.meta.filename, "--child", scenario, file],
      { encoding: "utf8" },
    );
    const r = JSON.parse(out.trim().split("\n").pop()!);
    console.log(
      `${label.padEnd(32)} ${String(r.records).padStart(7)} ${r.p50.toFixed(0).padStart(8)} ${r.max.toFixed(0).padStart(8)} ${r.peakRssMb.padStart(13)} ${r.peakOverStartMb.padStart(20)}`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
  await dnsBench();
}

await main();
