import { authenticate } from "mailauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRaw } from "../../relay/sink/sink-store";
import { stubResolver } from "./support/policy-fixture";
import { awayFromMinuteEdge, type Harness, startHarness, trySend, waitFor } from "./support/relay-harness";
import { SmtpSession } from "./support/smtp-session";

// Real SMTP through a real Haraka relay with the switchyard plugin to a real sink: credentials,
// From rules, source networks, rate limits, DKIM, and the events the relay reports for each.

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function verifyDkim(raw: Buffer) {
  const result = await authenticate(raw, {
    resolver: stubResolver([h.fixture.keys.billing, h.fixture.keys.alerts]),
    ip: "127.0.0.1",
    helo: "relay.test",
    sender: "x@example.org",
    disableArc: true,
    disableBimi: true,
  });
  return result.dkim.results;
}

async function session(credential?: { username: string; secret: string }) {
  const { session: s } = await SmtpSession.connect("127.0.0.1", h.relay.port);
  if (credential) expect((await s.login(credential.username, credential.secret)).code).toBe(235);
  return s;
}

const rejected = (reason: string) => h.cp.eventsOfType("rejected").filter((e) => e.reason === reason);

describe("submission through the relay", () => {
  it("delivers a message sent with a valid credential over STARTTLS, signed with the domain's RSA DKIM key", async () => {
    const { creds, ids } = h.fixture;
    const result = await trySend(h.transport(creds.billing), {
      from: "invoices@billing.example",
      to: "customer@example.net",
      subject: "Invoice 42",
      text: "Your invoice.",
    });
    expect(result.code).toBe(250);
    const message = await waitFor(
      () => h.sinkMessages().find((m) => m.subject === "Invoice 42"),
      "the message at the sink",
    );
    expect(message.to).toEqual(["customer@example.net"]);
    const dkim = await verifyDkim(readRaw(h.sink.dir, message));
    expect(dkim).toHaveLength(1);
    expect(dkim[0].status.result).toBe("pass");
    expect(dkim[0].signingDomain).toBe("billing.example");
    expect(dkim[0].selector).toBe(h.fixture.keys.billing.selector);

    // accepted, then delivered, both tied to the sender, the credential and the Message-ID
    const delivered = await waitFor(
      () => h.cp.eventsOfType("delivered").find((e) => e.messageId === message.messageId),
      "the delivered event",
    );
    const accepted = h.cp.eventsOfType("accepted").find((e) => e.messageId === message.messageId);
    for (const event of [accepted, delivered]) {
      expect(event).toMatchObject({
        senderId: ids.billing,
        credentialId: creds.billing.id,
        username: creds.billing.username,
        recipient: "customer@example.net",
        from: "invoices@billing.example",
        policyVersion: 1,
      });
    }
  });

  it("signs with an Ed25519 key (ed25519-sha256) when the domain has one", async () => {
    const result = await trySend(h.transport(h.fixture.creds.alerts), {
      from: "noreply@alerts.example",
      to: "ops@example.net",
      subject: "Disk full",
      text: "Alert.",
    });
    expect(result.code).toBe(250);
    const message = await waitFor(
      () => h.sinkMessages().find((m) => m.subject === "Disk full"),
      "the message at the sink",
    );
    const dkim = await verifyDkim(readRaw(h.sink.dir, message));
    expect(dkim[0].status.result).toBe("pass");
    expect(dkim[0].info).toContain("header.a=ed25519-sha256");
  });

  it("answers 535 5.7.8 to a wrong secret and to an expired credential", async () => {
    const { creds } = h.fixture;
    const last = creds.billing.secret.at(-1) === "A" ? "B" : "A";
    const wrong = await trySend(
      h.transport({ ...creds.billing, secret: `${creds.billing.secret.slice(0, -1)}${last}` }),
      { from: "a@billing.example", to: "b@example.net", text: "x" },
    );
    expect(wrong.code).toBe(535);
    expect(wrong.response).toContain("5.7.8");
    const expired = await trySend(h.transport(creds.billingExpired), {
      from: "a@billing.example",
      to: "b@example.net",
      text: "x",
    });
    expect(expired.code).toBe(535);
    const details = rejected("auth").map((e) => e.detail);
    await waitFor(() => rejected("auth").length >= 2, "two auth rejections");
    expect(rejected("auth").map((e) => e.detail)).toEqual(
      expect.arrayContaining(["Authentication failed: wrong secret", "Authentication failed: credential expired"]),
    );
    expect(details.join(" ")).not.toContain(creds.billing.secret);
  });

  it("offers AUTH only after STARTTLS and refuses MAIL without AUTH", async () => {
    const { session: s } = await SmtpSession.connect("127.0.0.1", h.relay.port);
    const ehlo = await s.command("EHLO client.test");
    expect(ehlo.text).toContain("STARTTLS");
    expect(ehlo.text).not.toContain("AUTH");
    const early = await s.command(`AUTH PLAIN ${Buffer.from("\0u\0p").toString("base64")}`);
    expect(early.code).toBe(538);
    await s.starttls();
    expect((await s.command("EHLO client.test")).text).toContain("AUTH PLAIN LOGIN");
    const mail = await s.command("MAIL FROM:<a@billing.example>");
    expect([mail.code, mail.enhanced]).toEqual([530, "5.7.0"]);
    // AUTH LOGIN works as well as PLAIN
    const { username, secret } = h.fixture.creds.billing;
    expect((await s.command("AUTH LOGIN")).code).toBe(334);
    expect((await s.command(Buffer.from(username).toString("base64"))).code).toBe(334);
    expect((await s.command(Buffer.from(secret).toString("base64"))).code).toBe(235);
    expect((await s.command("MAIL FROM:<a@billing.example>")).code).toBe(250);
    await s.quit();
  });

  it("refuses an envelope From or a header From outside the sender's domains and addresses with 550 5.7.1", async () => {
    const envelope = await trySend(h.transport(h.fixture.creds.billing), {
      from: "ceo@alerts.example",
      to: "b@example.net",
      text: "x",
    });
    expect(envelope.code).toBe(550);
    expect(envelope.response).toMatch(/5\.7\.1 Envelope From ceo@alerts\.example is not allowed for sender "Billing"/);

    const s = await session(h.fixture.creds.billing);
    const header = await s.send({
      from: "invoices@billing.example",
      headerFrom: "Billing <ceo@bank.example>",
      to: "b@example.net",
    });
    expect([header.code, header.enhanced]).toEqual([550, "5.7.1"]);
    expect(header.text).toContain("Header From ceo@bank.example");
    await s.quit();

    // Alerts may only use noreply@alerts.example
    const address = await trySend(h.transport(h.fixture.creds.alerts), {
      from: "other@alerts.example",
      to: "b@example.net",
      text: "x",
    });
    expect(address.code).toBe(550);
    await waitFor(() => rejected("domain").length >= 3, "three From rejections");
  });

  it("refuses a source address outside the sender's networks with 550 5.7.1", async () => {
    const result = await trySend(h.transport(h.fixture.creds.partner), {
      from: "x@partner.example",
      to: "b@example.net",
      text: "x",
    });
    expect(result.code).toBe(550);
    expect(result.response).toContain("5.7.1 Source address 127.0.0.1 is not allowed");
    await waitFor(() => rejected("source").length === 1, "the source rejection");
  });

  it("answers 451 4.7.1 once the sender's per-minute rate is used up", async () => {
    // The counter is per UTC minute: do not start right before the minute turns.
    await awayFromMinuteEdge(5_000);
    const s = await session(h.fixture.creds.limited);
    const codes: (number | string | null)[][] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await s.send({ from: "bot@limited.example", to: `r${i}@example.net` });
      codes.push([reply.code, reply.enhanced]);
    }
    await s.quit();
    expect(codes).toEqual([
      [250, null],
      [250, null],
      [451, "4.7.1"],
    ]);
    await waitFor(() => rejected("rate").length === 1, "the rate rejection");
  });

  it("reports a hard bounce and a deferral from the next hop as events (and sends no DSN)", async () => {
    const s = await session(h.fixture.creds.billing);
    expect((await s.send({ from: "invoices@billing.example", to: "bounce-1@example.net" })).code).toBe(250);
    expect((await s.send({ from: "invoices@billing.example", to: "defer-1@example.net" })).code).toBe(250);
    await s.quit();
    const bounced = await waitFor(
      () => h.cp.eventsOfType("bounced").find((e) => e.recipient === "bounce-1@example.net"),
      "the bounced event",
    );
    expect(bounced).toMatchObject({
      bounceType: "hard",
      smtpCode: 550,
      enhancedCode: "5.1.1",
      senderId: h.fixture.ids.billing,
    });
    const deferred = await waitFor(
      () => h.cp.eventsOfType("deferred").find((e) => e.recipient === "defer-1@example.net"),
      "the deferred event",
    );
    expect(deferred).toMatchObject({ smtpCode: 451, enhancedCode: "4.2.0" });
    // no bounce message went back to the sender through the sink
    expect(h.sinkMessages().filter((m) => m.from === "")).toHaveLength(0);
  });

  it("sent only events the contract accepts, each exactly once, and heartbeats with the policy version", async () => {
    expect(h.cp.invalidEvents).toEqual([]);
    expect([...h.cp.eventIds.values()].every((n) => n === 1)).toBe(true);
    const beat = h.cp.heartbeats.at(-1)!;
    expect(beat.policyVersion).toBe(1);
    expect(beat.softwareVersion).toMatch(/^switchyard-relay\/0\.1 haraka\/3\.\d+\.\d+$/);
    expect(beat.listen).toBe(`127.0.0.1:${h.relay.port}`);
  });
});
