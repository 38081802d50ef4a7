// ARF (RFC 5965) parsing against real-shaped provider reports and broken ones: what a feedback
// loop actually sends must be read, anything else refused with a message naming the problem.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  addressOf,
  decodeEncodedWords,
  normalizeMessageId,
  parseContentType,
  splitMultipart,
} from "@/lib/complaints/mime";
import { ARF_MAX_BYTES, parseArf } from "@/lib/complaints/parse-arf";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/arf");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const text = (name: string) => fixture(name).toString("utf8");

function refusal(raw: Buffer | string): { code: string; message: string } {
  try {
    parseArf(raw);
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error("expected the report to be refused");
}

describe("real-shaped feedback-loop reports", () => {
  it("reads a Yahoo CFL report (CRLF, quoted boundary, folded Content-Type, Received-Date)", () => {
    const report = parseArf(fixture("yahoo-cfl.eml"));
    expect(report).toMatchObject({
      feedbackType: "abuse",
      userAgent: "Yahoo!-Mail-Feedback/2.0",
      version: "0.1",
      originalMailFrom: "bounces+invoices@mail.example.com",
      originalRcptTo: ["jane.doe@yahoo.com"],
      sourceIp: "192.0.2.10",
      reportedDomains: ["example.com"],
      original: {
        messageId: "<20250301101500.a1b2c3@relay.example.com>",
        from: "Example Billing <invoices@mail.example.com>",
        to: "jane.doe@yahoo.com",
        subject: "Your March invoice is ready",
        switchyardSenderId: null,
        headersOnly: false,
      },
    });
    expect(report.arrivalDate?.toISOString()).toBe("2025-03-01T10:15:02.000Z");
    expect(report.reportDate?.toISOString()).toBe("2025-03-01T12:04:09.000Z");
  });

  it("reads a Microsoft JMRP report whose message/rfc822 part holds headers only and no recipient", () => {
    const report = parseArf(fixture("microsoft-jmrp.eml"));
    expect(report.userAgent).toBe("Microsoft Junk Mail Reporting Program");
    expect(report.originalRcptTo).toEqual([]);
    expect(report.original).toMatchObject({
      messageId: "<jmrp-0001.5f0c@notify.example.org>",
      to: "<redacted@hotmail.com>",
      subject: "Your password was changed ✔",
      switchyardQueueId: "6E1F3A2B-4C5D-4E6F-8A9B-0C1D2E3F4A5B.1",
      headersOnly: true,
    });
    expect(report.arrivalDate?.toISOString()).toBe("2025-03-03T15:58:12.000Z");
  });

  it("reads an AOL SComp report (parameters in another order, a date with a zone comment)", () => {
    const report = parseArf(fixture("aol-scomp.eml"));
    expect(report).toMatchObject({
      feedbackType: "abuse",
      userAgent: "AOL SComp",
      originalMailFrom: null,
      sourceIp: "192.0.2.11",
    });
    expect(report.arrivalDate?.toISOString()).toBe("2025-03-04T13:01:02.000Z");
    expect(report.original.messageId).toBe("<20250304.deadbeef@relay.example.com>");
  });

  it("reads a Comcast/Return Path report whose original message is base64-encoded, after a preamble", () => {
    const report = parseArf(fixture("comcast-returnpath.eml"));
    expect(report.originalRcptTo).toEqual(["bob.smith@comcast.net"]);
    expect(report.original).toMatchObject({
      messageId: "<order-884211@shop.example.com>",
      subject: "Your order has shipped",
      switchyardQueueId: "9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5A.1",
    });
  });

  it("reads a Mail.ru-style report: LF, mbox From line, lower-case names, mixed-case type, unquoted boundary, RFC 2047 words", () => {
    const report = parseArf(fixture("mailru-fbl.eml"));
    expect(report.original).toMatchObject({
      messageId: "<promo-7781@news.example.ru>",
      from: "Промо <promo@news.example.ru>",
      subject: "Скидки недели",
      switchyardSenderId: "6f1c2a9e-3b7d-4c1e-9a55-2d8e4f0b7c31",
      switchyardQueueId: "1A2B3C4D-5E6F-4A0B-8C1D-2E3F4A5B6C7D.1",
      headersOnly: true,
    });
    expect(report.originalRcptTo).toEqual(["ivan@mail.ru"]);
  });

  it("gives the same result with CRLF and LF line endings, from a Buffer or a string", () => {
    const crlf = parseArf(fixture("yahoo-cfl.eml"));
    expect(parseArf(text("yahoo-cfl.eml").replace(/\r\n/g, "\n"))).toEqual(crlf);
  });

  it("keeps known feedback types, maps unknown ones to other, and ignores a malformed sender header", () => {
    const yahoo = text("yahoo-cfl.eml");
    expect(parseArf(yahoo.replace("Feedback-Type: abuse", "Feedback-Type: Not-Spam")).feedbackType).toBe("not-spam");
    const odd = parseArf(yahoo.replace("Feedback-Type: abuse", "Feedback-Type: opt-out"));
    expect(odd).toMatchObject({ feedbackType: "other", feedbackTypeRaw: "opt-out" });
    const mailru = text("mailru-fbl.eml").replace(
      "X-Switchyard-Sender: 6f1c2a9e-3b7d-4c1e-9a55-2d8e4f0b7c31",
      "X-Switchyard-Sender: '; drop table senders; --",
    );
    expect(parseArf(mailru).original.switchyardSenderId).toBeNull();
  });

  it("drops a Source-IP that is not an address and an Arrival-Date in the future", () => {
    const report = parseArf(
      text("comcast-returnpath.eml")
        .replace("Source-IP: 192.0.2.12", "Source-IP: not-an-ip")
        .replace("Arrival-Date: Wed, 05 Mar 2025 17:20:01 +0000", "Arrival-Date: Wed, 05 Mar 2125 17:20:01 +0000"),
    );
    expect(report.sourceIp).toBeNull();
    expect(report.arrivalDate).toBeNull();
    expect(report.arrivalDateRaw).toContain("2125");
  });
});

describe("broken reports are refused with a clear reason", () => {
  const cases: [string, RegExp][] = [
    ["broken-not-multipart.eml", /not multipart\/report \(it is text\/plain\)/],
    ["broken-delivery-status.eml", /report-type "delivery-status".*bounce/],
    ["broken-missing-feedback-part.eml", /No message\/feedback-report part/],
    ["broken-missing-feedback-type.eml", /Feedback-Type missing/],
    ["broken-missing-original.eml", /original message headers are missing/],
    ["broken-truncated.eml", /truncated: the closing boundary/],
    ["broken-binary-garbage.eml", /binary data/],
  ];
  for (const [name, message] of cases) {
    it(name, () => {
      const refused = refusal(fixture(name));
      expect(refused.code).toBe("validation_failed");
      expect(refused.message).toMatch(message);
    });
  }

  it("refuses an oversized report with 413 before reading it", () => {
    const huge = `${text("yahoo-cfl.eml")}${"x".repeat(ARF_MAX_BYTES)}`;
    expect(refusal(huge)).toMatchObject({ code: "payload_too_large" });
    expect(refusal(Buffer.from(huge))).toMatchObject({ code: "payload_too_large" });
  });

  it("refuses empty input, text that is no MIME message, and a missing Content-Type", () => {
    expect(refusal("").message).toMatch(/empty/);
    expect(refusal("%PDF-1.7 \u00e2\u00e3\u00cf\u00d3\n1 0 obj").message).toMatch(/not a MIME message/);
    expect(refusal("Subject: hello\r\n\r\nbody").message).toMatch(/no valid Content-Type/);
  });

  it("refuses a repeated Feedback-Type, a non-token Feedback-Type, a bad header line and a boundary that never appears", () => {
    const yahoo = text("yahoo-cfl.eml");
    expect(
      refusal(yahoo.replace("Feedback-Type: abuse", "Feedback-Type: abuse\r\nFeedback-Type: fraud")).message,
    ).toMatch(/Feedback-Type appears 2 times/);
    expect(refusal(yahoo.replace("Feedback-Type: abuse", "Feedback-Type: <script>")).message).toMatch(
      /not a feedback type token/,
    );
    expect(refusal(yahoo.replace("User-Agent: Yahoo!-Mail-Feedback/2.0", "this line is not a field")).message).toMatch(
      /not a 'Name: value' header field/,
    );
    expect(
      refusal(yahoo.replace('boundary="----=_Part_4712_1357924680.1740830649"', 'boundary="elsewhere"')).message,
    ).toMatch(/boundary "elsewhere" never appears/);
    expect(refusal(yahoo.replace('boundary="----=_Part_4712_1357924680.1740830649"', "charset=utf-8")).message).toMatch(
      /no boundary/,
    );
  });

  it("refuses an original part that holds no message headers, and invalid base64", () => {
    const yahoo = text("yahoo-cfl.eml");
    const start = yahoo.indexOf("Received: from relay.example.com");
    const end = yahoo.lastIndexOf("------=_Part");
    expect(refusal(`${yahoo.slice(0, start)}just some text\r\n${yahoo.slice(end)}`).message).toMatch(
      /original message headers are missing/,
    );
    const comcast = text("comcast-returnpath.eml");
    const b64 =
      comcast.indexOf("Content-Transfer-Encoding: base64\r\n\r\n") + "Content-Transfer-Encoding: base64\r\n\r\n".length;
    expect(
      refusal(`${comcast.slice(0, b64)}!!!not base64!!!${comcast.slice(comcast.lastIndexOf("\r\n--RPFBL"))}`).message,
    ).toMatch(/not valid base64/);
  });
});

describe("hostile input stays linear", () => {
  // Each would take minutes with a backtracking regex over the whole 2 MB.
  const BIG = ARF_MAX_BYTES - 8 * 1024;
  const timed = (raw: string) => {
    const started = performance.now();
    try {
      parseArf(raw);
    } catch {
      // refused or not, it must be quick
    }
    return performance.now() - started;
  };

  it("long runs of blanks, addresses without @, and huge Content-Type and Date values", () => {
    const yahoo = text("yahoo-cfl.eml");
    expect(timed(yahoo.replace("Hello Jane,", `--${" ".repeat(BIG)}x`))).toBeLessThan(1000);
    expect(
      timed(
        yahoo.replace(
          "Original-Mail-From: <bounces+invoices@mail.example.com>",
          `Original-Mail-From: ${"a".repeat(BIG)}`,
        ),
      ),
    ).toBeLessThan(1000);
    expect(
      timed(
        yahoo.replace(
          "MIME-Version: 1.0",
          `X-Pad: ${"a=b; ".repeat(BIG / 5)}\r\nContent-Type: multipart/report; ${"x=y; ".repeat(BIG / 10)}`,
        ),
      ),
    ).toBeLessThan(1000);
    expect(timed(yahoo.replace("Date: Sat, 01 Mar 2025 12:04:09 +0000", `Date: ${" ".repeat(BIG)}(`))).toBeLessThan(
      1000,
    );
  });
});

describe("MIME helpers", () => {
  it("parses Content-Type parameters: quoted, escaped, unquoted, case-insensitive names", () => {
    expect(parseContentType('Multipart/Report; Report-Type="feedback-report"; boundary="a;b \\"c\\""')).toEqual({
      type: "multipart/report",
      params: { "report-type": "feedback-report", boundary: 'a;b "c"' },
    });
    expect(parseContentType("multipart/report;boundary=x1;report-type=feedback-report;;")?.params).toEqual({
      boundary: "x1",
      "report-type": "feedback-report",
    });
    expect(parseContentType("not a type")).toBeNull();
  });

  it("splits parts, ignoring preamble, epilogue and transport padding after a delimiter", () => {
    expect(splitMultipart("preamble\n--b \nA\n--b\t\nB\n--b--\nepilogue", "b", "body")).toEqual(["A", "B"]);
  });

  it("decodes RFC 2047 words, extracts addresses and normalizes Message-IDs", () => {
    expect(decodeEncodedWords("=?ISO-8859-1?Q?Caf=E9?= =?utf-8?B?IOKckw==?= ok")).toBe("Café ✓ ok");
    expect(addressOf('"Doe, Jane" <jane@example.com>')).toBe("jane@example.com");
    expect(addressOf("rfc822; bob@example.net")).toBe("bob@example.net");
    expect(addressOf("redacted")).toBeNull();
    expect(normalizeMessageId("  abc@host ")).toBe("<abc@host>");
    expect(normalizeMessageId("<abc@host> (comment)")).toBe("<abc@host>");
  });
});
