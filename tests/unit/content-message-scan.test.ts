import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The relay's scan of one message without Haraka or scanners: MIME parts as the rules see them,
// what runs when, failures kept apart from findings, and the verdict across findings.

const require = createRequire(import.meta.url);
const { extractParts } =
  require("../../relay/plugin/lib/content/mime-parts.js") as typeof import("../../relay/plugin/lib/content/mime-parts.js");
const { scanMessage } =
  require("../../relay/plugin/lib/content/scan-message.js") as typeof import("../../relay/plugin/lib/content/scan-message.js");
const { decide, tagValue, rejectText } =
  require("../../relay/plugin/lib/content/verdict.js") as typeof import("../../relay/plugin/lib/content/verdict.js");

type Profile = Parameters<typeof scanMessage>[0]["profile"];
type Finding = import("../../relay/plugin/lib/content/types").Finding;

const mail = (...lines: string[]) => Buffer.from(lines.join("\r\n"));
const PE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from("PE\0\0")]);

function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    id: randomUUID(),
    name: "Test",
    virusScan: false,
    spamScan: false,
    spamScore: 15,
    spamAction: "reject",
    maxScanBytes: 1024 * 1024,
    onScannerFailure: "defer",
    attachments: {
      blockedExtensions: ["exe", "js"],
      blockedTypes: ["executable"],
      maxAttachmentBytes: null,
      scanArchives: true,
      action: "reject",
    },
    dlpRules: [
      { id: randomUUID(), name: "Cards", detector: "card", minCount: 1, near: null, action: "quarantine" },
      { id: randomUUID(), name: "IBAN", detector: "iban", minCount: 1, near: null, action: "require_tls" },
    ],
    ...overrides,
  };
}
const noScanners = { clamd: null, rspamd: null, dlpTimeBudgetMs: 50 };

describe("MIME parts (Haraka's parser, fed once)", () => {
  const multipart = mail(
    "Subject: =?UTF-8?B?UmVjaG51bmcgZsO8ciBTaWU=?=",
    'Content-Type: multipart/mixed; boundary="XX"',
    "",
    "--XX",
    'Content-Type: multipart/alternative; boundary="YY"',
    "",
    "--YY",
    "Content-Type: text/plain; charset=iso-8859-1",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Gr=FC=DFe aus K=F6ln",
    "--YY",
    "Content-Type: text/html; charset=utf-8",
    "",
    "<p>Hallo <b>Welt</b></p>",
    "--YY--",
    "--XX",
    "Content-Type: application/octet-stream",
    "Content-Disposition: attachment; filename=\"invoice.pdf\"; filename*=UTF-8''invoice.exe",
    "Content-Transfer-Encoding: base64",
    "",
    PE.toString("base64"),
    "--XX",
    "Content-Type: message/rfc822",
    "",
    "Subject: forwarded",
    "Content-Type: text/plain",
    "",
    "inner text",
    "--XX--",
    "",
  );

  it("decodes the subject and text bodies in their charset, keeps HTML, opens forwarded messages", () => {
    const parts = extractParts(multipart);
    expect(parts.subject).toBe("Rechnung für Sie");
    expect(parts.texts.map((t) => t.trim())).toEqual(["Grüße aus Köln", "forwarded", "inner text"]);
    expect(parts.htmls[0]).toContain("<p>Hallo <b>Welt</b></p>");
  });

  it("lists an attachment under every name it gives (a client may show the RFC 2231 one)", () => {
    const parts = extractParts(multipart);
    expect(parts.attachments.map((a) => a.filename)).toEqual(["invoice.pdf", "invoice.exe"]);
    expect(parts.attachments[0].bytes.equals(PE)).toBe(true);
  });

  it("ends a part whose closing boundary never came (text and attachment are still seen)", () => {
    const parts = extractParts(
      mail(
        'Content-Type: multipart/mixed; boundary="B"',
        "",
        "--B",
        "Content-Type: text/plain",
        "",
        "first",
        "--B",
        'Content-Type: application/octet-stream; name="x.exe"',
        "Content-Transfer-Encoding: base64",
        "",
        PE.toString("base64"),
        "",
      ),
    );
    expect(parts.texts.map((t) => t.trim())).toEqual(["first"]);
    expect(parts.attachments.map((a) => a.filename)).toEqual(["x.exe"]);
    expect(parts.attachments[0].bytes.equals(PE)).toBe(true);
  });
});

describe("scanMessage", () => {
  it("runs attachment rules and DLP over subject, bodies and text-like attachments", async () => {
    const raw = mail(
      "Subject: order",
      'Content-Type: multipart/mixed; boundary="B"',
      "",
      "--B",
      "Content-Type: text/plain",
      "",
      "nothing here",
      "--B",
      'Content-Type: text/csv; name="cards.csv"',
      "Content-Disposition: attachment",
      "",
      "name,number",
      "a,4111 1111 1111 1111",
      "--B--",
      "",
    );
    const outcome = await scanMessage({ profile: profile(), raw, envelope: {}, scanners: noScanners });
    expect(outcome.failures).toEqual([]);
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({ kind: "dlp", ruleName: "Cards", where: "attachment:cards.csv" });
    expect(JSON.stringify(outcome.findings)).not.toContain("4111 1111 1111 1111");
  });

  it("a scanner the profile needs but the relay lacks is a failure, never a pass", async () => {
    const outcome = await scanMessage({
      profile: profile({ virusScan: true, spamScan: true }),
      raw: mail("Subject: hi", "", "hello"),
      envelope: {},
      scanners: noScanners,
    });
    expect(outcome.failures.map((f) => f.scanner).sort()).toEqual(["clamd", "rspamd"]);
  });

  it("a message over maxScanBytes is not scanned and is a failure", async () => {
    const outcome = await scanMessage({
      profile: profile({ maxScanBytes: 100 }),
      raw: mail("Subject: big", "", "x".repeat(200)),
      envelope: {},
      scanners: noScanners,
    });
    expect(outcome.findings).toEqual([]);
    expect(outcome.failures).toEqual([expect.objectContaining({ scanner: "size" })]);
  });
});

describe("verdict", () => {
  const finding = (kind: Finding["kind"], action: string, ruleName = `${kind} rule`): Finding => ({
    kind,
    ruleName,
    action,
    where: "text",
    count: 1,
    samples: [{ redacted: "****1111", context: "…" }],
  });

  it("reject > defer > quarantine > require_tls > tag; every fired rule is named in the tag", () => {
    const all = [finding("dlp", "tag", "A"), finding("dlp", "require_tls", "B"), finding("dlp", "quarantine", "C")];
    expect(decide(all, [], "defer")).toMatchObject({
      outcome: "quarantine",
      requireTls: true,
      ruleNames: ["A", "B", "C"],
    });
    const failure = { scanner: "clamd", detail: "down" };
    expect(decide(all, [failure], "defer").outcome).toBe("defer");
    expect(decide([...all, finding("spam", "reject")], [failure], "defer").outcome).toBe("reject");
    const accepted = decide(all, [failure], "accept");
    expect(accepted).toMatchObject({ outcome: "quarantine", unscanned: true });
    expect(tagValue(accepted)).toBe("A, B, C; not scanned: clamd");
    expect(decide([finding("dlp", "tag")], [], "defer").outcome).toBe("deliver");
  });

  it("a reject names the strongest kind's rule, never the matched data", () => {
    const v = decide(
      [
        finding("spam", "reject"),
        finding("dlp", "reject", "Cards"),
        finding("attachment", "reject", "Blocked extension"),
      ],
      [],
      "defer",
    );
    expect(v.rejectedBy?.kind).toBe("attachment");
    expect(rejectText(finding("dlp", "reject", "Cards"))).toBe('Message refused by content policy: DLP rule "Cards"');
    expect(rejectText(finding("dlp", "reject", "Cards"))).not.toContain("1111");
  });
});
