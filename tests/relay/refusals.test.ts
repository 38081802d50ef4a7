import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, waitFor } from "./support/relay-harness";
import { SmtpSession } from "./support/smtp-session";

// Unauthenticated refusals against a real Haraka relay with a real SMTP client: aggregated per
// client IP and window (not one event each), AUTH failures throttled per client IP (measured),
// and the spool's size cap (warning in the heartbeat, refusals dropped first, new mail deferred,
// nothing of an accepted message lost).

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

// One connection: EHLO, STARTTLS, EHLO, AUTH PLAIN; the AUTH reply code (or the greeting's).
async function authAttempt(port: number, username: string, secret: string, localAddress?: string): Promise<number> {
  const { session, greeting } = await SmtpSession.connect("127.0.0.1", port, localAddress);
  try {
    if (greeting.code !== 220) return greeting.code;
    return (await session.login(username, secret)).code;
  } finally {
    await session.quit().catch(() => {});
  }
}

// `workers` clients in parallel, each making attempts one after the other, until `count` attempts
// were made or `ms` passed; the reply codes.
async function attackAuth(
  port: number,
  username: string,
  {
    workers,
    count = Number.POSITIVE_INFINITY,
    ms = Number.POSITIVE_INFINITY,
  }: { workers: number; count?: number; ms?: number },
) {
  const codes: number[] = [];
  const deadline = Date.now() + ms;
  let started = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (started < count && Date.now() < deadline) {
        started++;
        codes.push(await authAttempt(port, username, "syt_wrong_secret_0000000000000000000000"));
      }
    }),
  );
  return codes;
}

function tally(codes: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const c of codes) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}
const authRefusals = (harness: Harness) =>
  harness.cp.eventsOfType("rejected").filter((e) => e.clientIp === "127.0.0.1" && e.reason === "auth");
const countOf = (events: Record<string, unknown>[]) =>
  events.reduce((sum, e) => sum + (typeof e.count === "number" ? e.count : 1), 0);

describe("unauthenticated refusals", () => {
  it("100 bad AUTHs and 30 MAILs without AUTH from one IP become a handful of events whose counts add up", async () => {
    h = await startHarness({ settings: { refusal_window_s: 10 } });
    const codes = await attackAuth(h.relay.port, h.fixture.creds.billing.username, { workers: 10, count: 100 });
    expect(codes).toHaveLength(100);
    // A spoofed From before AUTH, again and again on one connection.
    const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
    await session.command("EHLO client.test");
    for (let i = 0; i < 30; i++) expect((await session.command("MAIL FROM:<ceo@billing.example>")).code).toBe(530);
    await session.quit();
    const harness = h;
    await waitFor(() => countOf(authRefusals(harness)) >= 130, "the aggregated refusals", 25_000);
    const events = authRefusals(h);
    console.log(
      `100 bad AUTHs (${JSON.stringify(tally(codes))}) + 30 MAIL without AUTH → ${events.length} events: ${JSON.stringify(events.map((e) => [e.smtpCode, e.count ?? 1]))}`,
    );
    expect(countOf(events)).toBe(130);
    expect(countOf(events.filter((e) => e.smtpCode === 530))).toBe(30);
    // Per kind (535 wrong secret, 421 throttled, 530) at most two events per window.
    expect(events.length).toBeLessThanOrEqual(12);
    expect(h.cp.invalidEvents).toEqual([]);
  });
});

describe("AUTH throttle per client IP", () => {
  const measure = async (settings: Record<string, number>) => {
    h = await startHarness({ settings });
    const codes = await attackAuth(h.relay.port, h.fixture.creds.billing.username, { workers: 8, ms: 4000 });
    return { codes, counts: tally(codes), checked: codes.filter((c) => c === 535).length };
  };

  it("lets 5 failures through, then answers 421 4.7.0 without checking the secret, to that IP only (measured)", async () => {
    const before = await measure({ auth_fail_limit: 1_000_000 });
    await h?.stop();
    h = null;
    const after = await measure({});
    console.log(
      `AUTH attempts in 4 s from one IP (8 parallel clients): without the throttle ${before.codes.length} made, ${before.checked} checked (${JSON.stringify(before.counts)}); with it ${after.codes.length} made, ${after.checked} checked (${JSON.stringify(after.counts)})`,
    );
    expect(before.checked).toBeGreaterThan(20);
    expect(after.checked).toBe(5);
    expect(after.codes.filter((c) => c !== 535).every((c) => c === 421)).toBe(true);
    // The locked IP cannot log in even with the right secret; another client IP can.
    const { billing } = h!.fixture.creds;
    const locked = await SmtpSession.connect("127.0.0.1", h!.relay.port);
    const reply = await locked.session.login(billing.username, billing.secret);
    expect([reply.code, reply.enhanced]).toEqual([421, "4.7.0"]);
    await locked.session.quit();
    expect(await authAttempt(h!.relay.port, billing.username, billing.secret, "127.0.0.2")).toBe(235);
  });
});

describe("event spool size cap", () => {
  it("when full: warns in the heartbeat, drops refusals, defers new mail with 451, keeps every event of accepted mail", async () => {
    h = await startHarness({ settings: { spool_max_mb: 0.004, auth_fail_limit: 1_000_000, refusal_window_s: 2 } });
    const harness = h;
    // The control plane takes heartbeats but no events: the spool only grows.
    h.cp.eventsStatus = 503;
    const { billing } = h.fixture.creds;
    const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
    expect((await session.login(billing.username, billing.secret)).code).toBe(235);
    let accepted = 0;
    let refused = null;
    for (let i = 0; i < 30 && !refused; i++) {
      const reply = await session.send({
        from: "invoices@billing.example",
        to: `cap-${i}@example.net`,
        subject: `cap ${i}`,
      });
      if (reply.code === 250) {
        accepted++;
        // Its delivered event lands in the spool too before the next message.
        await waitFor(() => harness.sinkMessages().some((m) => m.subject === `cap ${i}`), `delivery of cap ${i}`);
      } else refused = reply;
    }
    expect(accepted).toBeGreaterThan(0);
    expect([refused?.code, refused?.enhanced]).toEqual([451, "4.3.1"]);
    await attackAuth(h.relay.port, billing.username, { workers: 4, count: 20 });
    const full = await waitFor(
      () =>
        harness.cp.heartbeats.at(-1)?.warnings?.find((w) => w.startsWith("Event spool full") && /\b20 dropped/.test(w)),
      "the spool-full warning",
    );
    console.log(`spool cap 4 KB: ${accepted} message(s) accepted before 451; heartbeat warning: ${full}`);

    // Events reach the control plane again: the spool drains, mail is accepted again.
    h.cp.eventsStatus = null;
    await waitFor(
      () => !harness.cp.heartbeats.at(-1)?.warnings?.some((w) => w.startsWith("Event spool full")),
      "the warning to clear",
      15_000,
    );
    expect(h.cp.heartbeats.at(-1)?.warnings).toEqual([
      expect.stringMatching(/was full: 20 unauthenticated refusal\(s\) were not recorded/),
    ]);
    expect((await session.send({ from: "invoices@billing.example", to: "after@example.net" })).code).toBe(250);
    await session.quit();
    // Nothing of an accepted message was lost: accepted and delivered events for each.
    await waitFor(() => harness.cp.eventsOfType("delivered").length >= accepted + 1, "every delivered event");
    expect(h.cp.eventsOfType("accepted")).toHaveLength(accepted + 1);
  });
});
