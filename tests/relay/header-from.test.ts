import { authenticate } from "mailauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRaw } from "../../relay/sink/sink-store";
import { stubResolver } from "./support/policy-fixture";
import { type Harness, startHarness, trySend, waitFor } from "./support/relay-harness";
import { type Reply, SmtpSession } from "./support/smtp-session";

// The header From the relay judges is the one the recipient sees. Before: a "From :" field
// (obsolete syntax, shown by mail readers) was invisible to Haraka's parser, so a message with an
// allowed "From:" and a "From : ceo@elsewhere" passed; and DKIM did not oversign From, so a From
// added above the signed one after signing kept the signature valid.

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function dkimResults(raw: Buffer): Promise<string[]> {
  const result = await authenticate(raw, {
    resolver: stubResolver([h.fixture.keys.billing, h.fixture.keys.alerts]),
    ip: "127.0.0.1",
    helo: "relay.test",
    sender: "x@example.org",
    disableArc: true,
    disableBimi: true,
  });
  return result.dkim.results.map((r: { status: { result: string } }) => r.status.result);
}

// One message with the given header lines, over a real authenticated session; the end-of-DATA reply.
async function sendRaw(headers: string[], from = "invoices@billing.example"): Promise<Reply> {
  const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
  expect((await session.login(h.fixture.creds.billing.username, h.fixture.creds.billing.secret)).code).toBe(235);
  expect((await session.command(`MAIL FROM:<${from}>`)).code).toBe(250);
  expect((await session.command("RCPT TO:<customer@example.net>")).code).toBe(250);
  expect((await session.command("DATA")).code).toBe(354);
  const reply = await session.command(
    [...headers, "To: customer@example.net", `Date: ${new Date().toUTCString()}`, "", "Pay this invoice.", "."].join(
      "\r\n",
    ),
  );
  await session.quit();
  return reply;
}

describe("header From", () => {
  it('refuses a "From :" variant the relay cannot parse: 550 5.7.1', async () => {
    const reply = await sendRaw(["From: invoices@billing.example", "From : ceo@paypal.example", "Subject: variant"]);
    expect([reply.code, reply.text]).toEqual([
      550,
      '5.7.1 Header From with white space before the colon ("From :") is not allowed',
    ]);
    const tab = await sendRaw(["From\t: invoices@billing.example", "Subject: tab variant"]);
    expect([tab.code, tab.text]).toEqual([
      550,
      '5.7.1 Header From with white space before the colon ("From :") is not allowed',
    ]);
  });

  it("refuses a message with two From headers: 550 5.7.1", async () => {
    const reply = await sendRaw(["From: invoices@billing.example", "FROM: billing@billing.example", "Subject: two"]);
    expect([reply.code, reply.text]).toEqual([550, "5.7.1 Header From must appear once, found 2"]);
    await waitFor(
      () => h.cp.eventsOfType("rejected").some((e) => e.detail === "Header From must appear once, found 2"),
      "the rejected event",
    );
  });

  it("still accepts a message with one proper From", async () => {
    const reply = await sendRaw(["From: Invoices <invoices@billing.example>", "Subject: proper"]);
    expect(reply.code).toBe(250);
  });

  for (const [name, credential, from] of [
    ["RSA", "billing", "invoices@billing.example"],
    ["Ed25519", "alerts", "noreply@alerts.example"],
  ] as const) {
    it(`oversigns From (${name}): a From added above the signed one after signing fails DKIM verification`, async () => {
      const subject = `oversign ${name}`;
      const sent = await trySend(h.transport(h.fixture.creds[credential]), {
        from,
        to: "customer@example.net",
        subject,
        text: "Signed.",
      });
      expect(sent.code).toBe(250);
      const message = await waitFor(
        () => h.sinkMessages().find((m) => m.subject === subject),
        "the message at the sink",
      );
      const raw = readRaw(h.sink.dir, message);
      expect(await dkimResults(raw)).toEqual(["pass"]);
      expect(raw.toString("utf8")).toMatch(/h=from:from:/);
      const forged = Buffer.concat([Buffer.from("From: ceo@paypal.example\r\n"), raw]);
      expect(await dkimResults(forged)).toEqual(["fail"]);
    });
  }
});
