import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { decodeXmlText, parseAggregateReport } from "@/lib/dmarc/parse-aggregate-report";
import { DMARC_MAX_INPUT_BYTES, DMARC_MAX_XML_BYTES, detectFormat, safeDecompress } from "@/lib/dmarc/safe-decompress";
import { AppError } from "@/lib/errors";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "../fixtures/dmarc", name));
const MB = 1024 * 1024;

// A minimal zip writer (local headers + central directory) for members we deflate ourselves.
function zipOf(members: { name: string; data?: Buffer; deflated?: Buffer; size?: number; crc?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name);
    const body = m.deflated ?? zlib.deflateRawSync(m.data ?? Buffer.alloc(0));
    const size = m.size ?? m.data?.length ?? 0;
    const crc = m.crc ?? zlib.crc32(m.data ?? Buffer.alloc(0));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function failureOf(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an error");
}

const minimal = (records: string, extra = "") =>
  `<?xml version="1.0"?><feedback>${extra}<report_metadata><org_name>Example Receiver</org_name><report_id>r-1</report_id><date_range><begin>1717200000</begin><end>1717286399</end></date_range></report_metadata><policy_published><domain>acme.example</domain><p>quarantine</p></policy_published>${records}</feedback>`;
const row = (ip: string, count = 1) =>
  `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>acme.example</header_from></identifiers></record>`;

describe("DMARC aggregate report parsing: receiver shapes", () => {
  it("reads a Google report: metadata, policy, four records, authenticated domains", () => {
    const report = parseAggregateReport(fixture("google.xml"));
    expect(report).toMatchObject({
      orgName: "google.com",
      email: "noreply-dmarc-support@google.com",
      reportId: "10293847561029384756",
      domain: "acme.example",
    });
    expect(report.dateBegin.toISOString()).toBe("2024-06-01T00:00:00.000Z");
    expect(report.policy).toEqual({ p: "none", sp: "none", adkim: "r", aspf: "r", pct: 100 });
    expect(report.records).toHaveLength(4);
    expect(report.records[0]).toMatchObject({
      sourceIp: "192.0.2.10",
      count: 1200,
      dkim: "pass",
      spf: "pass",
      dkimDomain: "acme.example",
      spfDomain: "acme.example",
    });
    // Workday: both authenticate for its own domain, neither aligned, so DMARC fails.
    expect(report.records[1]).toMatchObject({
      sourceIp: "54.240.27.10",
      dkim: "fail",
      spf: "fail",
      dkimDomain: "myworkday.com",
      spfDomain: "bounce.myworkday.com",
    });
    // The forger authenticated nothing.
    expect(report.records[2]).toMatchObject({
      sourceIp: "203.0.113.50",
      count: 250,
      dkimDomain: null,
      spfDomain: null,
    });
  });

  it("reads a Microsoft report: namespace attributes, several DKIM results, envelope fields, IPv6 in one spelling", () => {
    const report = parseAggregateReport(fixture("microsoft.xml"));
    expect(report.orgName).toBe("Enterprise Outlook");
    expect(report.records).toHaveLength(3);
    expect(report.records[0]).toMatchObject({
      sourceIp: "198.51.100.25",
      envelopeFrom: "bounce.acme.example",
      dkimDomain: "acme.example",
      spfDomain: null,
    });
    // Two DKIM signatures: the failing aligned one and SendGrid's passing one.
    expect(report.records[1]).toMatchObject({
      sourceIp: "167.89.55.12",
      dkim: "fail",
      dkimDomain: "sendgrid.net",
      spfDomain: "em1234.sendgrid.net",
    });
    expect(report.records[2].sourceIp).toBe("2001:db8::25");
  });

  it("reads a Yahoo report: default namespace, a single record, no sp=", () => {
    const report = parseAggregateReport(fixture("yahoo.xml"));
    expect(report).toMatchObject({ orgName: "Yahoo", reportId: "1717372800.853214", policy: { p: "none", sp: null } });
    expect(report.records).toEqual([
      {
        sourceIp: "192.161.147.20",
        count: 12,
        disposition: "none",
        dkim: "fail",
        spf: "fail",
        headerFrom: "acme.example",
        envelopeFrom: null,
        dkimDomain: null,
        spfDomain: null,
      },
    ]);
  });

  it("accepts prefixed namespaces, decodes the predefined entities, derives verdicts a reporter left out", () => {
    const xml = minimal(
      '<dmarc:record xmlns:dmarc="urn:x"><dmarc:row><dmarc:source_ip>198.51.100.7</dmarc:source_ip><dmarc:count>5</dmarc:count><dmarc:policy_evaluated><dmarc:disposition>none</dmarc:disposition></dmarc:policy_evaluated></dmarc:row><dmarc:identifiers><dmarc:header_from>acme.example</dmarc:header_from></dmarc:identifiers><dmarc:auth_results><dmarc:dkim><dmarc:domain>mail.acme.example</dmarc:domain><dmarc:result>pass</dmarc:result></dmarc:dkim></dmarc:auth_results></dmarc:record>',
    ).replace("Example Receiver", "AT&amp;T &#233;mail");
    const report = parseAggregateReport(xml);
    expect(report.orgName).toBe("AT&T émail");
    expect(report.records[0]).toMatchObject({ dkim: "pass", spf: "fail", dkimDomain: "mail.acme.example" });
    expect(decodeXmlText("&lt;&#x41;&gt;&unknown;")).toBe("<A>&unknown;");
  });

  it("takes a report whose org_name is empty (RFC 7489 allows it): the reporter's email domain names it", () => {
    const report = parseAggregateReport(fixture("empty-org-name.xml"));
    expect(report).toMatchObject({
      orgName: "mail.reporter.example",
      email: "DMARC-Reports@Mail.Reporter.Example",
      reportId: "c2f1e6b04a7d4e0b9f1d2a3c4b5e6f70",
      domain: "acme.example",
    });
    expect(report.records.map((r) => [r.sourceIp, r.count])).toEqual([
      ["192.0.2.10", 42],
      ["203.0.113.77", 3],
    ]);
    // Self-closing or blank, and with no email either: still one name per policy domain, never empty.
    expect(
      parseAggregateReport(
        minimal("").replace("<org_name>Example Receiver</org_name>", "<org_name/><email>x@Reports.Example.</email>"),
      ).orgName,
    ).toBe("reports.example");
    expect(
      parseAggregateReport(minimal("").replace("<org_name>Example Receiver</org_name>", "<org_name>  </org_name>"))
        .orgName,
    ).toBe("unnamed reporter for acme.example");
  });

  it("takes a report with no records", () => {
    expect(parseAggregateReport(minimal("")).records).toEqual([]);
  });
});

describe("DMARC aggregate report parsing: errors name the problem", () => {
  it("names a missing or empty field with its path", async () => {
    expect(
      (await failureOf(() => parseAggregateReport(minimal(row("192.0.2.1")).replace("<report_id>r-1</report_id>", ""))))
        .message,
    ).toContain("report_metadata/report_id is missing");
    expect(
      (
        await failureOf(() =>
          parseAggregateReport(
            minimal(row("192.0.2.1")).replace("<report_id>r-1</report_id>", "<report_id></report_id>"),
          ),
        )
      ).message,
    ).toContain("report_metadata/report_id is empty");
    const noIp = minimal(row("192.0.2.1") + row("192.0.2.2").replace("<source_ip>192.0.2.2</source_ip>", ""));
    expect((await failureOf(() => parseAggregateReport(noIp))).message).toContain("record 2: row/source_ip is missing");
    expect(
      (
        await failureOf(() =>
          parseAggregateReport(minimal(row("192.0.2.1", 1).replace("<count>1</count>", "<count>many</count>"))),
        )
      ).message,
    ).toContain("record 1: row/count must be a whole number");
    expect((await failureOf(() => parseAggregateReport(minimal(row("not-an-ip"))))).message).toContain(
      'record 1: row/source_ip "not-an-ip" is not an IP address',
    );
  });

  it("names malformed XML with line and column, and a wrong root element", async () => {
    const broken = await failureOf(() =>
      parseAggregateReport("<feedback>\n<report_metadata><org_name>x</org_name></feedback>"),
    );
    expect(broken.code).toBe("validation_failed");
    expect(broken.message).toMatch(/not well-formed XML: .*report_metadata.*\(line 2, column \d+\)/);
    expect((await failureOf(() => parseAggregateReport("<html><body>hi</body></html>"))).message).toContain(
      "root element is <html>",
    );
  });

  it("refuses XXE and billion-laughs documents before parsing, naming why", async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><feedback><report_metadata><org_name>&xxe;</org_name></report_metadata></feedback>`;
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><feedback>&lol3;</feedback>`;
    for (const hostile of [xxe, laughs]) {
      const error = await failureOf(() => parseAggregateReport(hostile));
      expect(error.message).toMatch(/<!DOCTYPE> declaration.*XXE/);
    }
    // An ENTITY declaration without DOCTYPE, and a lowercase doctype, too.
    expect((await failureOf(() => parseAggregateReport(`<!entity x "y"><feedback/>`))).message).toContain("<!ENTITY>");
  });
});

describe("safe decompression", () => {
  const xml = fixture("google.xml");

  it("detects plain, gzip and zip by their first bytes, and unpacks each to the same XML", async () => {
    expect(detectFormat(Buffer.from("\uFEFF  <?xml"))).toBe("xml");
    const gz = zlib.gzipSync(xml);
    const zip = Buffer.from(zipSync({ "google.com!acme.example!1717200000!1717286399.xml": xml }));
    expect(await safeDecompress(xml)).toMatchObject({ format: "xml" });
    const fromGzip = await safeDecompress(gz);
    expect(fromGzip.format).toBe("gzip");
    expect(fromGzip.xml.equals(xml)).toBe(true);
    const fromZip = await safeDecompress(zip);
    expect(fromZip).toMatchObject({ format: "zip", member: "google.com!acme.example!1717200000!1717286399.xml" });
    expect(fromZip.xml.equals(xml)).toBe(true);
    expect(parseAggregateReport(fromZip.xml).records).toHaveLength(4);
  });

  it("refuses something that is not a report", async () => {
    expect((await failureOf(() => safeDecompress(Buffer.from("%PDF-1.7")))).message).toContain(
      "not a DMARC aggregate report",
    );
    expect((await failureOf(() => safeDecompress(Buffer.alloc(0)))).message).toBe("The file is empty.");
  });

  it("stops a gzip bomb (512 MB of zeros in ~0.5 MB) at the output limit, quickly and without holding 512 MB", async () => {
    const oneMegabyte = zlib.gzipSync(Buffer.alloc(MB), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 512 }, () => oneMegabyte));
    expect(bomb.length).toBeLessThan(DMARC_MAX_INPUT_BYTES);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const error = await failureOf(() => safeDecompress(bomb));
    expect(error.message).toContain(`inflates to more than ${DMARC_MAX_XML_BYTES / MB} MB`);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * MB);
  });

  it("says a truncated gzip is truncated", async () => {
    const gz = zlib.gzipSync(xml);
    expect((await failureOf(() => safeDecompress(gz.subarray(0, gz.length - 20)))).message).toContain("truncated");
  });

  it("stops a zip bomb at the per-member limit", async () => {
    const size = DMARC_MAX_XML_BYTES + 2 * MB;
    const zeros = Buffer.alloc(size);
    const bomb = zipOf([
      { name: "report.xml", deflated: zlib.deflateRawSync(zeros, { level: 9 }), size, crc: zlib.crc32(zeros) },
    ]);
    expect(bomb.length).toBeLessThan(MB);
    expect((await failureOf(() => safeDecompress(bomb))).message).toContain(
      "report.xml in the zip inflates to more than",
    );
  });

  it("refuses too many members, nested archives, and a zip without XML", async () => {
    const many = Buffer.from(
      zipSync(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`r${i}.xml`, Buffer.from("<a/>")]))),
    );
    expect((await failureOf(() => safeDecompress(many))).message).toContain("more than 10 files");
    const nested = Buffer.from(zipSync({ "inner.zip": zipSync({ "r.xml": xml }) }));
    expect((await failureOf(() => safeDecompress(nested))).message).toContain("nested archives are refused");
    const disguised = zipOf([{ name: "report.xml", data: zlib.gzipSync(xml) }]);
    expect((await failureOf(() => safeDecompress(disguised))).message).toContain("itself compressed");
    const gzipInGzip = zlib.gzipSync(zlib.gzipSync(xml));
    expect((await failureOf(() => safeDecompress(gzipInGzip))).message).toContain("nested archives are refused");
    const noXml = Buffer.from(zipSync({ "readme.txt": Buffer.from("hello") }));
    expect((await failureOf(() => safeDecompress(noXml))).message).toContain("no .xml file");
    const truncated = Buffer.from(zipSync({ "r.xml": xml })).subarray(0, 200);
    expect((await failureOf(() => safeDecompress(truncated))).code).toBe("validation_failed");
  });

  it("refuses a 50 MB XML on its size, before any parsing", async () => {
    const head = Buffer.from(minimal(""));
    const huge = Buffer.concat([head, Buffer.alloc(50 * MB - head.length, 0x20)]);
    const started = performance.now();
    const error = await failureOf(() => safeDecompress(huge));
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toContain("larger than 10 MB");
    expect(performance.now() - started).toBeLessThan(100);
  });
});
