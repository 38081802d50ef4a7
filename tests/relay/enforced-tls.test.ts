import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardProfile } from "./support/policy-fixture";
import { type Harness, startHarness, trySend, waitFor } from "./support/relay-harness";
import { makeTestCa, type NextHop, type NextHopMessage, startNextHop, type TestCa } from "./support/tls-next-hop";

// Enforced TLS on delivery: mail to a TLS-required domain, and a message a DLP rule marks
// require_tls, is deferred — never sent in clear — while the next hop offers no STARTTLS or a
// certificate that does not verify, and is delivered over TLS once the next hop has a certificate
// from a CA the relay trusts (--outbound-ca). Other mail keeps going without TLS.

let h: Harness;
let ca: TestCa;
let hop: NextHop;
let hopPort: number;
const received: NextHopMessage[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-tls-test-"));

const IBAN = "DE89 3704 0044 0532 0130 00";

beforeAll(async () => {
  ca = await makeTestCa(dir);
  hop = await startNextHop({ tls: null, received });
  hopPort = hop.port;
  // Retries every 5 s (Haraka's shortest), enough of them that nothing bounces during the test.
  h = await startHarness({
    smarthost: `127.0.0.1:${hopPort}`,
    outboundCaFile: ca.caCertPath,
    tempFailIntervals: "5s*30",
  });
  const profile = standardProfile({
    virusScan: false,
    spamScan: false,
    dlpRules: [
      {
        id: randomUUID(),
        name: "IBAN only over TLS",
        detector: "iban",
        minCount: 1,
        near: null,
        action: "require_tls",
      },
    ],
  });
  h.cp.update((s) => {
    s.tlsRequiredDomains = ["secure.example"];
    s.contentProfiles = [profile];
    for (const sender of s.senders) sender.contentProfileId = profile.id;
  });
  await h.waitForPolicy();
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await hop?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const send = (to: string, subject: string, text: string) =>
  trySend(h.transport(h.fixture.creds.billing), { from: "invoices@billing.example", to, subject, text });

const receivedFor = (address: string) => received.filter((m) => m.to.includes(address));
const deferredFor = (address: string) =>
  h.cp.eventsOfType("deferred").filter((e) => e.recipient === address && e.reason === "tls");

async function replaceNextHop(tls: { key: string; cert: string } | null) {
  await hop.close();
  hop = await startNextHop({ tls, port: hopPort, received });
}

describe("enforced TLS on delivery", () => {
  it("delivers ordinary mail without TLS, defers mail for a TLS-required domain and a require_tls message, then delivers them only over verified TLS", async () => {
    // ordinary mail: the next hop offers no STARTTLS, delivery goes on in clear
    expect((await send("ann@plain.example", "Plain hello", "Nothing secret.")).code).toBe(250);
    await waitFor(() => receivedFor("ann@plain.example")[0], "the plain message at the next hop");
    expect(receivedFor("ann@plain.example")[0].secure).toBe(false);
    const plain = await waitFor(
      () => h.cp.eventsOfType("delivered").find((e) => e.recipient === "ann@plain.example"),
      "the delivered event",
    );
    expect(plain.tls).toBe(false);
    expect(plain.detail).toMatch(/^no TLS; /);

    // a TLS-required domain (subdomains too) and a message with an IBAN (require_tls rule)
    expect((await send("bob@secure.example", "For a TLS domain", "Hello.")).code).toBe(250);
    expect((await send("cid@mx.secure.example", "For a TLS subdomain", "Hello.")).code).toBe(250);
    expect((await send("dan@partner.example", "IBAN inside", `Pay to ${IBAN}.`)).code).toBe(250);
    for (const address of ["bob@secure.example", "cid@mx.secure.example", "dan@partner.example"]) {
      const deferred = await waitFor(() => deferredFor(address)[0], `a TLS deferral for ${address}`);
      expect(deferred.detail).toContain("No TLS available but required by configuration");
    }
    const tlsAttempts = h.cp.eventsOfType("accepted").find((e) => e.recipient === "dan@partner.example");
    expect(tlsAttempts?.detail).toContain("TLS required for delivery");

    // a certificate that does not verify (self-signed): still deferred, never sent
    const before = deferredFor("bob@secure.example").length;
    await replaceNextHop(ca.selfSigned);
    const unverified = await waitFor(
      () => deferredFor("bob@secure.example").slice(before)[0],
      "a deferral for the unverified certificate",
      20_000,
    );
    expect(unverified.detail).toMatch(/^TLS required: /);
    expect(fs.readFileSync(h.relay.logFile, "utf8")).toContain("self-signed certificate");
    expect(receivedFor("bob@secure.example")).toHaveLength(0);
    expect(receivedFor("cid@mx.secure.example")).toHaveLength(0);
    expect(receivedFor("dan@partner.example")).toHaveLength(0);

    // a certificate from the CA the relay trusts: delivered, over TLS, once each
    await replaceNextHop(ca.signed);
    for (const address of ["bob@secure.example", "cid@mx.secure.example", "dan@partner.example"]) {
      const message = await waitFor(() => receivedFor(address)[0], `delivery to ${address} over TLS`, 20_000);
      expect(message.secure).toBe(true);
      const event = await waitFor(
        () => h.cp.eventsOfType("delivered").find((e) => e.recipient === address),
        `the delivered event for ${address}`,
      );
      expect(event.tls).toBe(true);
      expect(event.detail).toMatch(/^TLS; /);
    }
    await new Promise((r) => setTimeout(r, 500));
    for (const address of ["bob@secure.example", "cid@mx.secure.example", "dan@partner.example"])
      expect(receivedFor(address)).toHaveLength(1);
  }, 90_000);
});
