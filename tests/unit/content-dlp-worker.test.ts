// Custom DLP expressions on the relay (relay/plugin/lib/content/dlp.js scanSegmentsAsync): those the
// save check accepts and regex-cost.js proves cheap for the message run directly, with the same
// findings as before; every other one runs on a worker thread under the time bound, so even a
// catastrophic pattern put into a snapshot by hand never blocks the event loop, and other mail is
// scanned meanwhile.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { scanSegments, scanSegmentsAsync } =
  require("../../relay/plugin/lib/content/dlp.js") as typeof import("../../relay/plugin/lib/content/dlp.js");
const { RegexRunner } =
  require("../../relay/plugin/lib/content/regex-rule.js") as typeof import("../../relay/plugin/lib/content/regex-rule.js");
const { stepsPerStart } =
  require("../../relay/plugin/lib/content/regex-cost.js") as typeof import("../../relay/plugin/lib/content/regex-cost.js");
const { matchAll, toSpans } =
  require("../../relay/plugin/lib/content/regex-exec.js") as typeof import("../../relay/plugin/lib/content/regex-exec.js");
const { shared, RegexWorker } =
  require("../../relay/plugin/lib/content/regex-worker.js") as typeof import("../../relay/plugin/lib/content/regex-worker.js");

type Rule = import("../../relay/plugin/lib/content/types").DlpRule;

const regexRule = (id: string, pattern: string, flags = ""): Rule => ({
  id,
  name: id,
  detector: "regex",
  pattern,
  flags,
  minCount: 1,
  action: "reject",
});
const card: Rule = { id: "card", name: "Cards", detector: "card", minCount: 1, action: "quarantine" };
const ADVERSARIAL = `${"a".repeat(30_000)}!`;

// Runs fn while a 2 ms interval ticks; the longest gap between ticks is how long the loop was blocked.
async function longestGap<T>(fn: () => Promise<T>): Promise<{ value: T; gap: number }> {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 2);
  try {
    const value = await fn();
    return { value, gap: Math.max(gap, performance.now() - last) };
  } finally {
    clearInterval(timer);
  }
}

describe("regex-cost: which patterns may run directly", () => {
  it.each([
    ["\\bPRJ-\\d{4}-[A-Z]{2}\\b", 13],
    ["\\b\\d{3}-\\d{2}-\\d{4}\\b", 13],
    ["AKIA[0-9A-Z]{16}", 20],
  ])("bounds the steps of one attempt of %s", (pattern, steps) => {
    expect(stepsPerStart(pattern, "i")).toBe(steps);
  });

  it("has no bound for an unbounded repetition (\\d+x is quadratic on a long run of digits)", () => {
    expect(stepsPerStart("\\d+x", "")).toBe(Number.POSITIVE_INFINITY);
    expect(stepsPerStart("[\\w.+-]+@[\\w-]+", "")).toBe(Number.POSITIVE_INFINITY);
  });

  it("counts bounded repetitions as the tree of copies the engine explores", () => {
    // \d{0,2}: 3 ways out, each continuing with x.
    expect(stepsPerStart("\\d{0,2}x", "")).toBe(2 + 2 + 3);
    expect(stepsPerStart("(?:\\d{1,4}\\s?){4}", "")).toBeGreaterThan(1000);
  });
});

describe("the direct path", () => {
  const patterns = [
    "\\bPRJ-\\d{4}-[A-Z]{2}\\b",
    "(?:\\d{4}[ -]?){3}\\d{4}",
    "\\b\\d{3}-\\d{2}-\\d{4}\\b",
    "AKIA[0-9A-Z]{16}",
    "-----BEGIN (?:RSA )?PRIVATE KEY-----",
  ];
  const texts = [
    "project prj-1234-ab and PRJ-9999-XY, not PRJ-12-AB",
    "4111 1111 1111 1111 and 5555-5555-5555-4444, ssn 123-45-6789",
    "key AKIAABCDEFGHIJKLMNOP -----BEGIN RSA PRIVATE KEY----- 😀 prj-0000-zz",
  ];

  it("finds exactly what the vm runner finds", () => {
    const runner = new RegexRunner(patterns.map((pattern) => ({ pattern, flags: "i" })));
    const viaVm = runner.run(texts, 1_000);
    const direct = patterns.map((p) => texts.map((t) => toSpans(matchAll(new RegExp(p, "gi"), t, 1000))));
    expect(direct).toEqual(viaVm.matches);
    expect(direct.flat(2).length).toBeGreaterThan(5);
  });

  it("gives the same findings sync and async, direct and on the worker", async () => {
    const rules = [
      ...patterns.map((p, i) => regexRule(`rx${i}`, p, "i")),
      regexRule("unbounded", "prj-\\d+", "i"), // no bound: runs on the worker
      card,
    ];
    const segments = texts.map((text, i) => ({ where: `attachment:${i}.txt`, text }));
    const before = shared.started;
    const async = await scanSegmentsAsync(rules, segments, { timeBudgetMs: 1_000 });
    expect(async).toEqual(scanSegments(rules, segments, { timeBudgetMs: 1_000 }));
    expect(async.errors).toEqual([]);
    expect(async.findings.map((f) => f.ruleId)).toContain("unbounded");
    expect(shared.started - before).toBeLessThanOrEqual(1); // the worker was used (started at most once)
  });
});

describe("a catastrophic pattern injected into the rules (bypassing the save check)", () => {
  it("never blocks the event loop; other messages are scanned meanwhile; it fails closed", async () => {
    await scanSegmentsAsync([regexRule("warm", "x+")], [{ where: "text", text: "xx" }], { timeBudgetMs: 1_000 });
    const evil = [regexRule("evil", "(a+)+$"), card];
    const clean = [regexRule("prj", "\\bPRJ-\\d{4}-[A-Z]{2}\\b", "i"), card];
    const startedBefore = shared.started;
    const others: number[] = [];
    const { value, gap } = await longestGap(async () => {
      const stalled = scanSegmentsAsync(evil, [{ where: "text", text: `4111 1111 1111 1111 ${ADVERSARIAL}` }], {
        timeBudgetMs: 150,
      });
      // While the worker is stuck, the main thread keeps scanning other mail.
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) {
        await new Promise((resolve) => setTimeout(resolve, 3));
        const r = await scanSegmentsAsync(clean, [{ where: "text", text: `PRJ-1234-AB card 4111 1111 1111 1111` }]);
        expect(r.findings.map((f) => f.ruleId)).toEqual(["prj", "card"]);
        others.push(performance.now() - t0);
      }
      return stalled;
    });
    expect(gap).toBeLessThan(20);
    expect(others).toHaveLength(20);
    expect(Math.max(...others)).toBeLessThan(150); // all done before the stalled one gave up
    expect(value.errors).toEqual([{ ruleId: "evil", ruleName: "evil", message: expect.stringMatching(/time bound/) }]);
    expect(value.findings.map((f) => f.ruleId)).toEqual(["card"]);
    // The stuck thread was terminated; the next job gets a new one and works.
    const next = await scanSegmentsAsync(evil, [{ where: "text", text: "xx aaa" }], { timeBudgetMs: 1_000 });
    expect(next.errors).toEqual([]);
    expect(next.findings.map((f) => f.ruleId)).toEqual(["evil"]);
    expect(shared.started).toBe(startedBefore + 1);
  });

  it("a polynomial pattern over a long run goes to the worker too, bounded, loop free", async () => {
    const { value, gap } = await longestGap(() =>
      scanSegmentsAsync([regexRule("poly", "\\d+x")], [{ where: "text", text: "1".repeat(100_000) }], {
        timeBudgetMs: 50,
      }),
    );
    expect(gap).toBeLessThan(20);
    expect(value.errors[0]?.message).toMatch(/time bound \(50 ms/);
  });

  it("starts the replacement thread after the verdict, in a turn of its own, and the next job takes it", async () => {
    const worker = new RegexWorker();
    const stalled = await worker.run([{ pattern: "(a+)+$" }], [ADVERSARIAL], 10, 30);
    expect(stalled.errors[0]).toMatch(/time bound/);
    expect(worker.started).toBe(1); // the verdict came before any new thread
    expect(worker.spare).toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    expect(worker.started).toBe(2);
    const spare = worker.spare;
    expect(spare).not.toBeNull();
    const next = await worker.run([{ pattern: "a+!" }], ["xx aaa!"], 10, 1_000);
    expect(next.errors).toEqual([null]);
    expect(next.matches).toEqual([[[{ start: 3, end: 7 }]]]);
    expect(worker.worker).toBe(spare);
    expect(worker.started).toBe(2);
    await worker.worker?.terminate();
  });

  it("a job that comes before the replacement thread started waits for it; one thread per timeout", async () => {
    const worker = new RegexWorker();
    await worker.run([{ pattern: "(a+)+$" }], [ADVERSARIAL], 10, 30);
    const next = await worker.run([{ pattern: "a+!" }], ["aaa!"], 10, 1_000); // before setImmediate
    expect(next.errors).toEqual([null]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(worker.started).toBe(2);
    expect(worker.spare).toBeNull();
    await worker.worker?.terminate();
  });

  it("messages queued behind a stalled one each get their own bound", async () => {
    const evil = [regexRule("evil", "(a+)+$")];
    const text = [{ where: "text", text: ADVERSARIAL }];
    const started = performance.now();
    const [a, b, c] = await Promise.all([
      scanSegmentsAsync(evil, text, { timeBudgetMs: 40 }),
      scanSegmentsAsync([regexRule("ok", "a+!")], text, { timeBudgetMs: 40 }),
      scanSegmentsAsync(evil, text, { timeBudgetMs: 40 }),
    ]);
    expect(a.errors[0]?.message).toMatch(/time bound/);
    expect(b.errors).toEqual([]);
    expect(b.findings.map((f) => f.ruleId)).toEqual(["ok"]);
    expect(c.errors[0]?.message).toMatch(/time bound/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
