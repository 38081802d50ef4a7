import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suppressionKey } from "@/lib/suppressions/address-key";
import { type Harness, startHarness, trySend, waitFor } from "./support/relay-harness";

// The suppression list through the real relay (Haraka with our plugin, a sink as the next hop):
// the snapshot carries keys made by the control plane's suppressionKey; an RCPT to a suppressed
// address is refused 550 5.1.1 with why and since when, and the message's other recipients are
// accepted and delivered.

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const DAY_S = 24 * 60 * 60;
const nowS = () => Math.floor(Date.now() / 1000);

interface SendInfo {
  accepted: string[];
  rejectedErrors?: { recipient: string; responseCode: number; response: string }[];
}

describe("suppressed recipients at RCPT", () => {
  it("refuses a suppressed recipient 550 5.1.1 and delivers the message to the others", async () => {
    const since = nowS() - 2 * DAY_S;
    const sinceDay = new Date(since * 1000).toISOString().slice(0, 10);
    const { billing } = h.fixture.ids;
    const version = h.cp.update((s) => {
      s.suppressions = {
        global: [[suppressionKey("complained@example.net"), since, "complaint", nowS() + DAY_S]],
        senders: {
          [billing]: [
            [suppressionKey("gone@example.net"), since, "hard_bounce", nowS() + 30 * DAY_S],
            // Lapsed on the relay's clock before a new snapshot says so: accepted.
            [suppressionKey("lapsed@example.net"), since, "hard_bounce", nowS() - 60],
          ],
        },
      };
    });
    await h.waitForPolicy(version);

    const transport = h.transport(h.fixture.creds.billing);
    const info = (await transport.sendMail({
      from: "invoices@billing.example",
      // The relay compares case-insensitively (the key is of the lower-cased address).
      to: ["Gone@Example.NET", "ok@example.net", "complained@example.net", "lapsed@example.net"],
      subject: "Your invoice",
      text: "Amount due: 42",
    })) as unknown as SendInfo;
    transport.close();
    expect(info.accepted).toEqual(["ok@example.net", "lapsed@example.net"]);
    expect(info.rejectedErrors?.map((e) => [e.recipient, e.responseCode, e.response])).toEqual([
      // (nodemailer lower-cases the domain; the local part keeps its case and still matches)
      [
        "Gone@example.net",
        550,
        `550 5.1.1 <Gone@example.net>: suppressed for this sender since ${sinceDay} (hard bounce); remove it in Switchyard to retry`,
      ],
      [
        "complained@example.net",
        550,
        `550 5.1.1 <complained@example.net>: suppressed for every sender since ${sinceDay} (complaint); remove it in Switchyard to retry`,
      ],
    ]);
    const delivered = await waitFor(
      () => h.sinkMessages().find((m) => m.from === "invoices@billing.example" && m.to.includes("ok@example.net")),
      "the message at the next hop",
    );
    expect([...delivered.to].sort()).toEqual(["lapsed@example.net", "ok@example.net"]);

    // The first refusal per reason of a message is recorded as an event.
    const rejected = await waitFor(
      () => h.cp.eventsOfType("rejected").find((e) => e.from === "invoices@billing.example"),
      "the rejected event",
    );
    expect([rejected.reason, rejected.smtpCode, rejected.enhancedCode]).toEqual(["suppressed", 550, "5.1.1"]);
    expect(rejected.senderId).toBe(billing);
  });

  it("suppresses per sender: another sender still reaches the address; a message with only suppressed recipients fails", async () => {
    const alerts = await trySend(h.transport(h.fixture.creds.alerts), {
      from: "noreply@alerts.example",
      to: "gone@example.net",
      subject: "Alert",
      text: "disk full",
    });
    expect(alerts.code).toBe(250);
    const only = await trySend(h.transport(h.fixture.creds.billing), {
      from: "invoices@billing.example",
      to: "gone@example.net",
      subject: "Again",
      text: "x",
    });
    expect(only.code).toBe(550);
    expect(only.response).toContain("5.1.1 <gone@example.net>: suppressed for this sender since");
  });

  it("accepts the recipient again once a snapshot no longer lists it (removed in Switchyard)", async () => {
    const version = h.cp.update((s) => {
      s.suppressions = { global: [], senders: {} };
    });
    await h.waitForPolicy(version);
    const sent = await trySend(h.transport(h.fixture.creds.billing), {
      from: "invoices@billing.example",
      to: "gone@example.net",
      subject: "Back",
      text: "x",
    });
    expect(sent.code).toBe(250);
  });
});
