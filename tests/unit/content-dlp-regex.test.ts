// Custom DLP regular expressions, guarded twice (relay/plugin/lib/content/regex-rule.js): a pattern
// that can backtrack catastrophically is refused when saved, and one run anyway (bypassing the
// refusal) stops at the vm time bound instead of stalling the relay.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { regexRefusal, RegexRunner } = require("../../relay/plugin/lib/content/regex-rule.js") as typeof import("../../relay/plugin/lib/content/regex-rule.js");
const { scanSegments } = require("../../relay/plugin/lib/content/dlp.js") as typeof import("../../relay/plugin/lib/content/dlp.js");

type Rule = import("../../relay/plugin/lib/content/types").DlpRule;

const ADVERSARIAL = `${"a".repeat(30_000)}!`; // 30 KB
const BUDGET_MS = 50;

describe("regexRefusal (at save)", () => {
  it.each([
    ["nested quantifier", "(a+)+"],
    ["nested quantifier, anchored", "^(a+)+$"],
    ["identical alternatives under a star", "(a|a)*"],
    ["overlapping alternatives", "(a|aa)+"],
    ["star of a star", "(.*)*"],
    ["word and optional space repeated", "(\\w+\\s?)+"],
    ["two repetitions that can trade characters", "(x+x+)+y"],
    ["bounded outer repetition of an unbounded one", "(.*a){12}"],
    ["optional part next to its own kind", "(\\d\\d?)+"],
    ["an alternative that can continue another", "(x\\d+|\\d)+"],
    ["repeated part that can be empty", "(a?){25}a{25}"],
    ["overlapping character classes", "(\\w|\\d)+"],
    ["e-mail-like with optional dot", "^([a-z0-9]+\\.?)+@example\\.com$"],
  ])("refuses %s: %s", (_label, pattern) => {
    expect(regexRefusal(pattern, "")).toMatch(/exponential time/);
  });

  it("refuses what is not a valid or allowed expression, with a reason", () => {
    expect(regexRefusal("(", "")).toMatch(/not a valid regular expression/);
    expect(regexRefusal("abc", "g")).toMatch(/Flags may only be i, m, s and u/);
    expect(regexRefusal("abc", "ii")).toMatch(/Flags may only be/);
    expect(regexRefusal("(a)\\1", "")).toMatch(/Backreferences are not allowed/);
    expect(regexRefusal("(?<n>a)\\k<n>", "")).toMatch(/Backreferences are not allowed/);
    expect(regexRefusal("(?<=EUR )\\d+", "")).toMatch(/Lookbehind is not allowed/);
    expect(regexRefusal("a*", "")).toMatch(/match empty text/);
    expect(regexRefusal("", "")).toMatch(/empty/);
    expect(regexRefusal("a".repeat(1001), "")).toMatch(/longer than 1000/);
  });

  it.each([
    "\\b\\d{3}-\\d{2}-\\d{4}\\b",
    "(?:\\d{4}[ -]?){3}\\d{4}",
    "([a-z]+\\.)+[a-z]{2,}",
    "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+",
    "(\\d{1,4}\\s?){4}",
    "(\\d{3}[-. ]?){2}\\d{4}",
    "([A-Z][a-z]+ )+",
    "Projekt\\s+(?:Falke|Adler)",
    "\\bPO-\\d{6}\\b",
    "AKIA[0-9A-Z]{16}",
    "-----BEGIN (?:RSA )?PRIVATE KEY-----",
    "streng\\s+vertraulich",
  ])("accepts a usual DLP pattern: %s", (pattern) => {
    expect(regexRefusal(pattern, "i")).toBeNull();
  });
});

describe("RegexRunner (at run time, in vm with a timeout)", () => {
  it("stops a catastrophic pattern run directly on 30 KB of adversarial input within the bound", () => {
    // The pattern the save check refuses, run anyway: without the bound this takes longer than
    // the age of the universe.
    const runner = new RegexRunner([{ pattern: "(a+)+$" }]);
    const started = performance.now();
    const outcome = runner.run([ADVERSARIAL], BUDGET_MS);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(200);
    expect(outcome.matches[0]).toBeNull();
    expect(outcome.errors[0]).toMatch(/did not finish within the time bound \(50 ms/);
  });

  it("also stops a polynomial pattern the save check lets through", () => {
    expect(regexRefusal("\\d+x", "")).toBeNull();
    const runner = new RegexRunner([{ pattern: "\\d+x" }]);
    const started = performance.now();
    const outcome = runner.run(["1".repeat(30_000)], BUDGET_MS);
    expect(performance.now() - started).toBeLessThan(200);
    expect(outcome.errors[0]).toMatch(/time bound/);
  });

  it("keeps the matches of expressions that finished and reports the rest as not run", () => {
    const runner = new RegexRunner([{ pattern: "b+" }, { pattern: "(a+)+$" }, { pattern: "c" }]);
    const outcome = runner.run([`bb ${ADVERSARIAL} bbb`], BUDGET_MS);
    expect(outcome.matches[0]).toEqual([[{ start: 0, end: 2 }, { start: 30_005, end: 30_008 }]]);
    expect(outcome.errors).toEqual([null, expect.stringMatching(/did not finish/), expect.stringMatching(/not run/)]);
  });

  it("works again for the next message after a timeout", () => {
    const runner = new RegexRunner([{ pattern: "(a+)+$" }]);
    runner.run([ADVERSARIAL], BUDGET_MS);
    expect(runner.run(["xx aaa"], BUDGET_MS)).toEqual({ matches: [[[{ start: 3, end: 6 }]]], errors: [null] });
  });

  it("scanSegments reports the stalled rule as an error, other rules still find, all within the bound", () => {
    const rules: Rule[] = [
      { id: "slow", name: "Bad pattern", detector: "regex", pattern: "(a+)+$", minCount: 1, action: "reject" },
      { id: "card", name: "Cards", detector: "card", minCount: 1, action: "quarantine" },
    ];
    const started = performance.now();
    const result = scanSegments(rules, [{ where: "text", text: `4111 1111 1111 1111 ${ADVERSARIAL}` }], { timeBudgetMs: BUDGET_MS });
    expect(performance.now() - started).toBeLessThan(200);
    expect(result.errors).toEqual([{ ruleId: "slow", ruleName: "Bad pattern", message: expect.stringMatching(/time bound/) }]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["card"]);
  });
});
