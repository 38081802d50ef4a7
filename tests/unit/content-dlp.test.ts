// The DLP engine as the relay and the dry run call it (relay/plugin/lib/content/dlp.js): rules
// over the segments of a message, minCount across segments, near keywords, and findings whose
// samples never show the matched data in clear.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { scanSegments, dryRun, messageSegments } = require("../../relay/plugin/lib/content/dlp.js") as typeof import("../../relay/plugin/lib/content/dlp.js");
const { redactMatch } = require("../../relay/plugin/lib/content/redact.js") as typeof import("../../relay/plugin/lib/content/redact.js");

type Rule = import("../../relay/plugin/lib/content/types").DlpRule;

const VISA = "4111 1111 1111 1111";
const MASTERCARD = "5555-5555-5555-4444";
const IBAN = "DE89 3704 0044 0532 0130 00";

const cardRule: Rule = {
  id: "r-card",
  name: "Card numbers",
  detector: "card",
  minCount: 1,
  near: { keywords: ["card", "Karte", "Kreditkarte", "IBAN"], within: 300 },
  action: "quarantine",
};
const ibanRule: Rule = { id: "r-iban", name: "IBANs", detector: "iban", minCount: 1, action: "tag" };
const bulkCards: Rule = { id: "r-bulk", name: "Many cards", detector: "card", minCount: 3, action: "reject" };
const germanKeywords: Rule = {
  id: "r-kw",
  name: "Vertraulich",
  detector: "keywords",
  keywords: ["streng vertraulich", "Geheimhaltung"],
  minCount: 1,
  action: "reject",
};
const projectRegex: Rule = { id: "r-rx", name: "Project codes", detector: "regex", pattern: "PRJ-\\d{4}", flags: "i", minCount: 2, action: "tag" };

const scan = (rules: Rule[], segments: { where: string; text: string }[]) => scanSegments(rules, segments, { timeBudgetMs: 50 });

describe("scanSegments", () => {
  it("finds a card number with a nearby keyword and names the rule, the action and where", () => {
    const { findings, errors } = scan([cardRule], [{ where: "text", text: `Ihre Karte: ${VISA}, gültig bis 12/28.` }]);
    expect(errors).toEqual([]);
    expect(findings).toEqual([
      {
        kind: "dlp",
        ruleId: "r-card",
        ruleName: "Card numbers",
        action: "quarantine",
        where: "text",
        count: 1,
        samples: [{ redacted: "**** **** **** 1111", context: "Ihre Karte: **** **** **** 1111, gültig bis 12/28." }],
      },
    ]);
  });

  it("needs the near keyword within 300 characters", () => {
    const far = `Karte ${"lorem ".repeat(60)}${VISA}`;
    const close = `Karte ${"lorem ".repeat(45)}${VISA}`;
    expect(scan([cardRule], [{ where: "text", text: far }]).findings).toEqual([]);
    expect(scan([cardRule], [{ where: "text", text: close }]).findings).toHaveLength(1);
  });

  it("does not match the same number with one digit changed, or inside a longer number", () => {
    expect(scan([cardRule], [{ where: "text", text: "card 4111 1111 1111 1112" }]).findings).toEqual([]);
    expect(scan([cardRule], [{ where: "text", text: "card no. 99411111111111111199" }]).findings).toEqual([]);
  });

  it("counts minCount over all segments of the message", () => {
    const two = [
      { where: "subject", text: `Cards ${VISA}` },
      { where: "text", text: `and ${MASTERCARD}` },
    ];
    expect(scan([bulkCards], two).findings).toEqual([]);
    const three = [...two, { where: "html", text: "last one 378282246310005" }];
    const { findings } = scan([bulkCards], three);
    expect(findings.map((f) => [f.where, f.count])).toEqual([
      ["subject", 1],
      ["text", 1],
      ["html", 1],
    ]);
  });

  it("finds IBANs, German keywords and custom expressions, each with its own minCount", () => {
    const text = `Bitte überweisen Sie an ${IBAN}. Streng vertraulich! Projekt prj-1234 (Kartei: PRJ-9999).`;
    const { findings, errors } = scan([ibanRule, germanKeywords, projectRegex], [{ where: "text", text }]);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.count])).toEqual([
      ["r-iban", 1],
      ["r-kw", 1],
      ["r-rx", 2],
    ]);
    expect(findings[0].samples[0].redacted).toBe("**** **** **** **** **30 00");
    expect(findings[1].samples[0].redacted).toBe("******************");
    expect(findings[2].samples.map((s) => s.redacted)).toEqual(["********", "********"]);
  });

  it("scans HTML as text: entities decoded, script dropped", () => {
    const html = `<p>Kreditkarte: &#52;111&nbsp;1111&nbsp;1111&nbsp;1111</p><script>var c = "${MASTERCARD}"</script>`;
    const { findings } = scan([cardRule, bulkCards], messageSegments({ html }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "r-card", where: "html", count: 1 });
  });

  it("reports a rule that cannot run as an error and goes on with the others", () => {
    const broken: Rule = { id: "r-bad", name: "Broken", detector: "regex", pattern: "(", minCount: 1, action: "reject" };
    const { findings, errors } = scan([broken, ibanRule], [{ where: "text", text: IBAN }]);
    expect(errors).toEqual([{ ruleId: "r-bad", ruleName: "Broken", message: expect.stringMatching(/not a valid regular expression/) }]);
    expect(findings.map((f) => f.ruleId)).toEqual(["r-iban"]);
  });
});

describe("redaction", () => {
  it("never shows a full card number or IBAN, in samples or in context, whichever rule found them", () => {
    const text = [
      `Kunde zahlt mit Karte ${VISA} oder ${MASTERCARD}, Amex 3782 822463 10005.`,
      `Konto ${IBAN}, alternativ GB82 WEST 1234 5698 7654 32. Streng vertraulich.`,
    ].join("\n");
    const { findings } = scan([cardRule, ibanRule, germanKeywords], [{ where: "text", text }]);
    expect(findings.map((f) => f.ruleId)).toEqual(["r-card", "r-iban", "r-kw"]);
    const shown = JSON.stringify(findings);
    for (const secret of [VISA, MASTERCARD, "3782 822463", IBAN, "3704 0044", "0532 0130", "WEST 1234", "5698 7654"]) {
      expect(shown).not.toContain(secret);
      expect(shown.replace(/[^0-9A-Z]/g, "")).not.toContain(secret.replace(/[^0-9A-Z]/g, ""));
    }
    // The keyword rule's context masks the card numbers and IBANs beside it too.
    expect(findings[2].samples[0].context).toContain("**** **** **** **** **54 32");
  });

  it("masks card numbers in context even when no card rule exists", () => {
    const { findings } = scan([germanKeywords], [{ where: "text", text: `Streng vertraulich: ${VISA}` }]);
    expect(findings[0].samples[0].context).toBe("******************: **** **** **** 1111");
  });

  it("keeps the last four of a card or IBAN and only the length of anything else", () => {
    expect(redactMatch("4111-1111-1111-1111", "last4")).toBe("****-****-****-1111");
    expect(redactMatch("GB82 WEST 1234 5698 7654 32", "last4")).toBe("**** **** **** **** **54 32");
    expect(redactMatch("geheim", "full")).toBe("******");
    expect(redactMatch("x".repeat(100), "full")).toBe(`${"*".repeat(64)}…(100 characters)`);
  });
});

describe("dryRun", () => {
  it("shows per rule whether it matched, where, and the matches redacted with positions", () => {
    const sample = {
      subject: "Ihre Kreditkarte",
      text: `Karte ${VISA}\nProjekt PRJ-0001`,
      html: `<p>Kreditkarte <b>${MASTERCARD}</b></p>`,
    };
    const result = dryRun([cardRule, ibanRule, projectRegex], sample, { timeBudgetMs: 50 });
    const segments = messageSegments(sample);
    expect(result.rules.map((r) => [r.ruleId, r.outcome, r.count, r.minCount])).toEqual([
      ["r-card", "matched", 2, 1],
      ["r-iban", "not_matched", 0, 1],
      ["r-rx", "not_matched", 1, 2],
    ]);
    const cardMatches = result.rules[0].matches;
    expect(cardMatches.map((m) => [m.where, m.redacted])).toEqual([
      ["text", "**** **** **** 1111"],
      ["html", "****-****-****-4444"],
    ]);
    for (const m of cardMatches) {
      const segment = segments.find((s) => s.where === m.where)!;
      expect([VISA, MASTERCARD]).toContain(segment.text.slice(m.start, m.end));
    }
    // The same findings the relay would produce for this content.
    expect(result.findings).toEqual(scanSegments([cardRule, ibanRule, projectRegex], segments, { timeBudgetMs: 50 }).findings);
    expect(JSON.stringify(result)).not.toMatch(/4111 1111|5555-5555/);
  });

  it("shows a rule that hits the time bound as an error", () => {
    const slow: Rule = { id: "r-slow", name: "Slow", detector: "regex", pattern: "(a+)+$", minCount: 1, action: "tag" };
    const result = dryRun([slow], { text: `${"a".repeat(30_000)}!` }, { timeBudgetMs: 50 });
    expect(result.rules[0]).toMatchObject({ outcome: "error", error: expect.stringMatching(/time bound/) });
    expect(result.errors).toHaveLength(1);
  });
});
