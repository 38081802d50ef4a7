import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awayFromMinuteEdge, type Harness, startHarness, trySend, waitFor } from "./support/relay-harness";
import { SmtpSession } from "./support/smtp-session";

// Rate limits count recipients, and a message takes at most maxRecipientsPerMessage of them.
// Before: the limiter counted one per MAIL FROM, so one message to 5,000 recipients passed a
// 100/minute limit whole, and there was no cap per message.

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

// The counters are per UTC minute: do not start right before the minute turns.
const MINUTE_EDGE_MARGIN_MS = 10_000;

const recipients = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}@example.net`);

describe("recipient limits", () => {
  it("one message to 5,000 recipients does not pass a 100/minute limit (nodemailer against real Haraka)", async () => {
    const version = h.cp.update((s) => {
      // The cap out of the way: this test is about the rate limit alone.
      s.maxRecipientsPerMessage = 10_000;
      const limited = s.senders.find((x) => x.slug === "limited")!;
      limited.rateLimitPerMinute = 100;
      limited.rateLimitPerDay = 100_000;
    });
    await h.waitForPolicy(version);
    await awayFromMinuteEdge(MINUTE_EDGE_MARGIN_MS);
    const to = recipients(5000, "bulk");
    const transport = h.transport(h.fixture.creds.limited);
    const info = await transport.sendMail({
      from: "bot@limited.example",
      to,
      subject: "bulk",
      text: "one message, many recipients",
    });
    transport.close();
    // 100 accepted (the minute's limit), the 4,900 others refused with a temporary error.
    expect(info.accepted).toEqual(to.slice(0, 100));
    const errors = (
      info as unknown as { rejectedErrors: { recipient: string; responseCode: number; response: string }[] }
    ).rejectedErrors;
    expect(errors.map((e) => e.recipient)).toEqual(to.slice(100));
    expect(errors.every((e) => e.responseCode === 451)).toBe(true);
    expect(errors[0].response).toBe(
      '451 4.7.1 Rate limit of 100 recipients per minute reached for sender "Limited", try again later',
    );
    await waitFor(
      () => h.sinkMessages().some((m) => m.from === "bot@limited.example" && m.to.length === 100),
      "the message at the next hop with 100 recipients",
    );

    // The minute is used up: the next message is refused at MAIL FROM.
    const next = await trySend(h.transport(h.fixture.creds.limited), {
      from: "bot@limited.example",
      to: "late@example.net",
      subject: "late",
      text: "x",
    });
    expect(next.code).toBe(451);
    expect(next.response).toContain("4.7.1 Rate limit of 100 recipients per minute");
    // One accepted event per accepted recipient; the refusals of one message recorded once per reason.
    await waitFor(
      () => h.cp.eventsOfType("accepted").filter((e) => String(e.recipient).startsWith("bulk")).length === 100,
      "100 accepted events",
    );
    await waitFor(
      () => h.cp.eventsOfType("rejected").filter((e) => e.from === "bot@limited.example").length === 2,
      "2 rejected events",
    );
    const rejected = h.cp.eventsOfType("rejected").filter((e) => e.from === "bot@limited.example");
    expect(rejected.map((e) => [e.reason, e.smtpCode, e.enhancedCode])).toEqual([
      ["rate", 451, "4.7.1"],
      ["rate", 451, "4.7.1"],
    ]);
  });

  it("past the per-message cap (default 100 when the snapshot names none) RCPT answers 452 4.5.3", async () => {
    const version = h.cp.update((s) => {
      delete s.maxRecipientsPerMessage;
    });
    await h.waitForPolicy(version);
    await awayFromMinuteEdge(MINUTE_EDGE_MARGIN_MS);
    const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
    expect((await session.login(h.fixture.creds.billing.username, h.fixture.creds.billing.secret)).code).toBe(235);
    expect((await session.command("MAIL FROM:<invoices@billing.example>")).code).toBe(250);
    const codes: number[] = [];
    for (const rcpt of recipients(101, "cap")) codes.push((await session.command(`RCPT TO:<${rcpt}>`)).code);
    expect(codes.slice(0, 100).every((c) => c === 250)).toBe(true);
    const over = await session.command("RCPT TO:<one-more@example.net>");
    expect([over.code, over.enhanced, over.text]).toEqual([
      452,
      "4.5.3",
      "4.5.3 Too many recipients: at most 100 per message, send the rest in another message",
    ]);
    expect(codes[100]).toBe(452);
    expect((await session.command("DATA")).code).toBe(354);
    const end = await session.command(
      ["From: invoices@billing.example", "To: undisclosed-recipients:;", "Subject: capped", "", "body", "."].join(
        "\r\n",
      ),
    );
    expect(end.code).toBe(250);
    await session.quit();
    await waitFor(
      () => h.sinkMessages().some((m) => m.from === "invoices@billing.example" && m.to.length === 100),
      "the capped message at the next hop with 100 recipients",
    );
  });
});
