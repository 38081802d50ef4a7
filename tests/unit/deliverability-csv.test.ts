// CSV of the Deliverability tables: RFC 4180 quoting, numbers as shown, the header, the order the
// viewer sorted, and no spreadsheet formulas out of sender names.
import { describe, expect, it } from "vitest";
import { isoToLocalInput, localInputToIso } from "@/components/deliverability/local-datetime";
import { type BreakdownRow, type RecipientRow, recipientRowsOf } from "@/lib/deliverability/breakdowns";
import { emptyCounts } from "@/lib/deliverability/rates";
import {
  cellText,
  cellValue,
  REASON_COLUMNS,
  RECIPIENT_COLUMNS,
  SENDER_COLUMNS,
  SERIES_COLUMNS,
  sortRows,
  tableOf,
} from "@/lib/deliverability/table-columns";
import { csvField, csvFileName, tableToCsv, toCsv } from "@/lib/deliverability/to-csv";

const row = (key: string, label: string, n: Partial<BreakdownRow> = {}): BreakdownRow => ({
  key,
  label,
  accepted: 0,
  rejected: 0,
  delivered: 0,
  deferred: 0,
  bounced: 0,
  complained: 0,
  deliveryRate: null,
  bounceRate: null,
  complaintRate: null,
  ...n,
});

const recipient = (key: string, tlsShare: number | null, tlsRequired = false): RecipientRow => ({
  ...row(key, key, { delivered: 8 }),
  tlsShare,
  tlsRequired,
});

// A minimal RFC 4180 reader, to check that what we write reads back as the same cells.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      cells.push(cell);
      rows.push(cells);
      cells = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("csvField", () => {
  it("leaves plain fields alone and quotes commas, quotes, line breaks and edge spaces", () => {
    expect(csvField("gmail.com")).toBe("gmail.com");
    expect(csvField("12.50")).toBe("12.50");
    expect(csvField("")).toBe("");
    expect(csvField("Payroll, EU")).toBe('"Payroll, EU"');
    expect(csvField('The "Blaster"')).toBe('"The ""Blaster"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField(" padded ")).toBe('" padded "');
  });
});

describe("toCsv", () => {
  it("writes a header line and CRLF-terminated rows that read back as the same cells", () => {
    const rows = [
      ["a,b", 'say "hi"', "x\r\ny"],
      ["", "plain", "3"],
    ];
    const text = toCsv(["one", "two", "three"], rows);
    expect(text.startsWith("one,two,three\r\n")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([["one", "two", "three"], ...rows]);
  });
});

describe("tables as CSV", () => {
  const senders = [
    row("11111111-1111-4111-8111-111111111111", "Payroll, EU", {
      accepted: 1200,
      delivered: 1188,
      bounced: 12,
      complained: 1,
      deliveryRate: 0.99,
      bounceRate: 0.01,
      complaintRate: 1 / 1188,
    }),
    row("22222222-2222-4222-8222-222222222222", '=HYPERLINK("http://evil")', { accepted: 5, rejected: 2 }),
  ];

  it("has the columns' headers, counts as integers, rates as percentages with two decimals, n/a as empty", () => {
    const lines = parseCsv(tableToCsv(SENDER_COLUMNS, senders));
    expect(lines[0]).toEqual([
      "Sender",
      "Accepted",
      "Delivered",
      "Deferred",
      "Bounced",
      "Rejected",
      "Complained",
      "Delivery rate (%)",
      "Bounce rate (%)",
      "Complaint rate (%)",
    ]);
    expect(lines[1]).toEqual(["Payroll, EU", "1200", "1188", "0", "12", "0", "1", "99.00", "1.00", "0.08"]);
    expect(lines[2].slice(1)).toEqual(["5", "0", "0", "0", "2", "0", "", "", ""]);
    expect(lines).toHaveLength(3);
  });

  it("keeps a sender name that looks like a formula as text", () => {
    const [, , evil] = parseCsv(tableToCsv(SENDER_COLUMNS, senders));
    expect(evil[0]).toBe('\'=HYPERLINK("http://evil")');
    for (const start of ["+1", "-1", "@SUM(A1)"])
      expect(cellValue(SENDER_COLUMNS[0], row("k", start))).toBe(`'${start}`);
    // Numbers are never touched, negative or not.
    expect(cellValue(SENDER_COLUMNS[1], row("k", "x", { accepted: 7 }))).toBe("7");
  });

  it("writes rows in the order given (the order the viewer sorted), so the CSV equals the table", () => {
    const sorted = sortRows(SENDER_COLUMNS, senders, "accepted", "asc");
    const lines = parseCsv(tableToCsv(SENDER_COLUMNS, sorted));
    expect(lines.slice(1).map((l) => l[1])).toEqual(["5", "1200"]);
    // Each line is exactly the cells' data-value in the table.
    expect(lines.slice(1)).toEqual(sorted.map((r) => SENDER_COLUMNS.map((c) => cellValue(c, r))));
  });

  it("writes series times as ISO UTC and the reasons' shares", () => {
    const point = {
      t: "2025-03-01T10:00:00.000Z",
      accepted: 3,
      rejected: 1,
      delivered: 2,
      deferred: 0,
      bounced: 1,
      complained: 0,
      deliveryRate: 2 / 3,
      bounceRate: 1 / 3,
      complaintRate: 0,
    };
    const [header, line] = parseCsv(tableToCsv(SERIES_COLUMNS, [point]));
    expect(header[0]).toBe("Bucket start (UTC)");
    expect(line).toEqual(["2025-03-01T10:00:00.000Z", "3", "2", "0", "1", "1", "0", "66.67", "33.33", "0.00"]);
    const reasons = parseCsv(
      tableToCsv(REASON_COLUMNS, [{ reason: "auth", label: "Authentication", count: 3, share: 0.75 }]),
    );
    expect(reasons).toEqual([
      ["Rejection reason", "Rejected", "Share of rejections (%)"],
      ["Authentication", "3", "75.00"],
    ]);
  });

  it("picks each table's rows from the dashboard", () => {
    const data = {
      series: [],
      byRecipientDomain: [recipient("gmail.com", 1)],
      bySender: senders,
      rejectionReasons: [],
    };
    expect(tableOf("recipients", data).rows).toHaveLength(1);
    expect(tableOf("senders", data).columns[0].header).toBe("Sender");
    expect(tableOf("reasons", data).columns).toBe(REASON_COLUMNS);
  });

  it("shows the same figures to humans, with separators and units", () => {
    const [payroll] = senders;
    expect(cellText(SENDER_COLUMNS[1], payroll)).toBe("1,200");
    expect(cellText(SENDER_COLUMNS[7], payroll)).toBe("99.00 %");
    expect(cellText(SENDER_COLUMNS[7], senders[1])).toBe("—");
  });
});

describe("recipient domains: TLS", () => {
  const byKey = (key: string) => RECIPIENT_COLUMNS.find((c) => c.key === key)!;

  it("shows the TLS share in whole percent, — when unknown, and marks TLS-required domains", () => {
    expect(cellText(byKey("tlsShare"), recipient("a.example", 1))).toBe("100 %");
    expect(cellText(byKey("tlsShare"), recipient("a.example", 0.625))).toBe("63 %");
    expect(cellText(byKey("tlsShare"), recipient("a.example", null))).toBe("—");
    expect(cellText(byKey("tlsRequired"), recipient("a.example", 1, true))).toBe("TLS required");
    expect(cellText(byKey("tlsRequired"), recipient("a.example", 1, false))).toBe("");
  });

  it("puts both in the CSV (share with two decimals, empty when unknown)", () => {
    const [header, ...lines] = parseCsv(
      tableToCsv(RECIPIENT_COLUMNS, [recipient("bank.example", 0.625, true), recipient("b.example", null)]),
    );
    expect(header.slice(-2)).toEqual(["TLS", "TLS policy"]);
    expect(lines.map((l) => l.slice(-2))).toEqual([
      ["62.50", "TLS required"],
      ["", ""],
    ]);
  });

  it("computes the share from the deliveries whose TLS was reported; a listed parent domain counts", () => {
    const outcomes = { ...emptyCounts(), delivered: 4 };
    const rows = recipientRowsOf(
      [
        { key: "mx.bank.example", counts: outcomes, tls: { over: 3, known: 4 } },
        { key: "old.example", counts: outcomes, tls: { over: 0, known: 0 } },
        { key: "", counts: outcomes, tls: { over: 1, known: 1 } },
      ],
      ["bank.example"],
    );
    expect(rows.map((r) => [r.key, r.tlsShare, r.tlsRequired])).toEqual([
      ["mx.bank.example", 0.75, true],
      ["old.example", null, false],
    ]);
  });
});

describe("sortRows", () => {
  it("sorts numbers numerically, text by locale, and keeps empty rates last both ways", () => {
    const rows = [
      row("a", "b.example", { bounceRate: 0.2 }),
      row("b", "a.example", { bounceRate: null }),
      row("c", "c.example", { bounceRate: 0.05 }),
    ];
    expect(sortRows(SENDER_COLUMNS, rows, "bounceRate", "asc").map((r) => r.key)).toEqual(["c", "a", "b"]);
    expect(sortRows(SENDER_COLUMNS, rows, "bounceRate", "desc").map((r) => r.key)).toEqual(["a", "c", "b"]);
    expect(sortRows(SENDER_COLUMNS, rows, "label", "asc").map((r) => r.label)).toEqual([
      "a.example",
      "b.example",
      "c.example",
    ]);
    expect(sortRows(SENDER_COLUMNS, rows, "nope", "asc")).toBe(rows);
  });
});

describe("file names and custom-range times", () => {
  it("names the file by table and range", () => {
    expect(csvFileName("senders", { from: "2025-03-01T10:00:00.000Z", to: "2025-03-02T10:00:00.000Z" })).toBe(
      "deliverability-senders-20250301T1000Z-20250302T1000Z.csv",
    );
  });

  it("turns a datetime-local value into ISO with the viewer's offset, naming the same instant", () => {
    const iso = localInputToIso("2025-03-01T09:30");
    expect(iso).toMatch(/^2025-03-01T09:30:00[+-]\d{2}:\d{2}$/);
    expect(Date.parse(iso!)).toBe(new Date("2025-03-01T09:30").getTime());
    expect(isoToLocalInput(iso!)).toBe("2025-03-01T09:30");
    expect(localInputToIso("yesterday")).toBeNull();
    expect(isoToLocalInput(undefined)).toBe("");
  });
});
