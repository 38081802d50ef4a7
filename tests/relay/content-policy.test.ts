import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRaw } from "../../relay/sink/sink-store";
import {
  CLAMD_BIN,
  type ClamdProcess,
  EICAR,
  GTUBE,
  RSPAMD_BIN,
  type RspamdProcess,
  scannerMissing,
  startClamd,
  startRspamd,
} from "../support/scanners";
import { type ContentProfile, standardProfile } from "./support/policy-fixture";
import { type Harness, startHarness, trySend, waitFor } from "./support/relay-harness";

// Content profiles enforced by the real relay (Haraka + plugin) with a real clamd and rspamd:
// viruses and spam refused, card numbers quarantined, reported to the control plane and released
// by its command (delivered exactly once), a renamed executable in a zip refused, and a scanner
// that is down deferring mail (nothing accepted unscanned).

const missing = scannerMissing(CLAMD_BIN, "clamav-daemon") || scannerMissing(RSPAMD_BIN, "rspamd");

let h: Harness;
let clamd: ClamdProcess;
let rspamd: RspamdProcess;
let profile: ContentProfile;

// A card number that passes Luhn, and the same digits with the last one changed (fails it).
const CARD = "4111 1111 1111 1111";
const NOT_A_CARD = "4111 1111 1111 1112";
// A Windows executable's first bytes ("MZ" + a PE header offset pointing at "PE\0\0").
function fakeExecutable(): Buffer {
  const pe = Buffer.alloc(256);
  pe.write("MZ", 0, "latin1");
  pe.writeUInt32LE(0x80, 0x3c);
  pe.write("PE\0\0", 0x80, "latin1");
  return pe;
}

beforeAll(async () => {
  if (missing) return;
  [clamd, rspamd] = await Promise.all([startClamd({ streamMaxLength: 4 * 1024 * 1024 }), startRspamd()]);
  h = await startHarness({ clamd: `127.0.0.1:${clamd.port}`, rspamd: rspamd.url });
  profile = standardProfile();
  h.cp.update((s) => {
    s.contentProfiles = [profile];
    for (const sender of s.senders) sender.contentProfileId = profile.id;
  });
  await h.waitForPolicy();
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await clamd?.stop();
  await rspamd?.stop();
  clamd?.remove();
  rspamd?.remove();
});

const send = (subject: string, extra: Record<string, unknown>) =>
  trySend(h.transport(h.fixture.creds.billing), {
    from: "invoices@billing.example",
    to: "customer@example.net",
    subject,
    ...extra,
  });

const rejected = (reason: string) => h.cp.eventsOfType("rejected").filter((e) => e.reason === reason);
const atSink = (subject: string) => h.sinkMessages().filter((m) => m.subject === subject);

// Long enough for a message that was accepted to have reached the sink (the relay delivers in ms).
const settle = () => new Promise((r) => setTimeout(r, 1000));

describe.skipIf(missing)("content profiles at the relay", () => {
  it("refuses a message carrying a virus with 550 5.7.1 naming it, records reason virus, delivers nothing", async () => {
    const result = await send("Virus inside", {
      text: "See attachment.",
      attachments: [{ filename: "readme.txt", content: EICAR }],
    });
    expect(result.code).toBe(550);
    expect(result.response).toContain("5.7.1");
    expect(result.response).toContain("virus found");
    const event = await waitFor(() => rejected("virus")[0], "the rejected/virus event");
    expect(event).toMatchObject({ smtpCode: 550, enhancedCode: "5.7.1", senderId: h.fixture.ids.billing });
    await settle();
    expect(atSink("Virus inside")).toHaveLength(0);
  });

  it("refuses GTUBE (rspamd's score at the profile's reject score) with 550, reason spam", async () => {
    const result = await send("Cheap offer", { text: `Buy now!\n${GTUBE}\n` });
    expect(result.code).toBe(550);
    expect(result.response).toContain("spam score over the limit");
    await waitFor(() => rejected("spam")[0], "the rejected/spam event");
    await settle();
    expect(atSink("Cheap offer")).toHaveLength(0);
  });

  it("refuses a renamed executable inside a zip (attachment rule by real type), naming the rule only", async () => {
    const zip = Buffer.from(zipSync({ "docs/report.pdf": fakeExecutable() }));
    const result = await send("Quarterly report", {
      text: "Report attached.",
      attachments: [{ filename: "report.zip", content: zip, contentType: "application/zip" }],
    });
    expect(result.code).toBe(550);
    expect(result.response).toContain('attachment rule "Blocked file type"');
    const event = await waitFor(() => rejected("attachment")[0], "the rejected/attachment event");
    expect(event.detail).toContain("Blocked file type");
    await settle();
    expect(atSink("Quarterly report")).toHaveLength(0);
  });

  it("delivers a number that looks like a card but fails Luhn", async () => {
    const result = await send("Order reference", { text: `Your card reference: ${NOT_A_CARD}` });
    expect(result.code).toBe(250);
    await waitFor(() => atSink("Order reference")[0], "the message at the sink");
  });

  it("quarantines a card number near a keyword (250, stored, reported with redacted samples); release → delivered exactly once", async () => {
    const result = await send("Payment details", { text: `Please charge my credit card ${CARD}, exp 12/29.` });
    expect(result.code).toBe(250);
    const id = /queued as quarantine ([0-9a-f-]{36})/.exec(result.response)?.[1];
    expect(id, result.response).toBeTruthy();
    // reported to the control plane, the number never in clear
    const report = await waitFor(() => h.cp.quarantineReports.find((r) => r.id === id), "the quarantine report");
    expect(report).toMatchObject({
      senderId: h.fixture.ids.billing,
      from: "invoices@billing.example",
      recipients: ["customer@example.net"],
      subject: "Payment details",
      verdict: 'quarantined by "Payment card numbers"',
    });
    expect(report.findings[0]).toMatchObject({ kind: "dlp", ruleName: "Payment card numbers", action: "quarantine" });
    expect(JSON.stringify(report)).not.toContain("4111 1111 1111 1111");
    expect(report.findings[0].samples[0].redacted).toMatch(/1111$/);
    expect(report.headers.some(([name]) => name.toLowerCase() === "dkim-signature")).toBe(true);
    // held on disk, not delivered
    const store = path.join(h.relay.stateDir, "quarantine", "main");
    expect(fs.existsSync(path.join(store, `${id}.eml`))).toBe(true);
    await settle();
    expect(atSink("Payment details")).toHaveLength(0);
    const accepted = await waitFor(
      () => h.cp.eventsOfType("accepted").find((e) => String(e.detail).includes(`quarantined as ${id}`)),
      "the accepted event saying quarantined",
    );
    expect(accepted.recipient).toBe("customer@example.net");

    // the release command rides on the policy long-poll
    const command = { id: id as string, relayId: randomUUID(), action: "release" as const };
    const commandedAt = performance.now();
    h.cp.update((s) => {
      s.quarantineCommands = [command];
    });
    const delivered = await waitFor(() => atSink("Payment details")[0], "the released message at the sink");
    console.log(`release → delivered at the next hop in ${(performance.now() - commandedAt).toFixed(0)} ms`);
    const raw = readRaw(h.sink.dir, delivered).toString("utf8");
    expect(raw).toContain("X-Switchyard-Content: Payment card numbers");
    expect(raw).toContain("DKIM-Signature:");
    await waitFor(
      () => h.cp.settled.some((s) => s.id === id && s.outcome === "released" && s.queueId === id),
      "settled released",
    );
    await waitFor(() => h.cp.settled.some((s) => s.id === id && s.outcome === "delivered"), "settled delivered");
    expect(fs.existsSync(path.join(store, `${id}.eml`))).toBe(false);

    // the same command again (a repeat, or a second snapshot before it was settled): answered, not acted on
    const before = h.cp.settled.length;
    h.cp.update((s) => {
      s.quarantineCommands = [command];
    });
    await waitFor(() => h.cp.settled.length > before, "the repeated command settled again");
    await settle();
    expect(atSink("Payment details")).toHaveLength(1);
    expect(h.cp.eventsOfType("delivered").filter((e) => e.messageId === delivered.messageId)).toHaveLength(1);
    h.cp.update((s) => {
      s.quarantineCommands = [];
    });
  });

  it("a delete command removes the held message and settles deleted; nothing is delivered", async () => {
    const result = await send("Card to delete", { text: `Kreditkarte: ${CARD}` });
    const id = /queued as quarantine ([0-9a-f-]{36})/.exec(result.response)?.[1] as string;
    expect(id).toBeTruthy();
    await waitFor(() => h.cp.quarantineReports.find((r) => r.id === id), "the quarantine report");
    h.cp.update((s) => {
      s.quarantineCommands = [{ id, relayId: randomUUID(), action: "delete" }];
    });
    await waitFor(() => h.cp.settled.some((s) => s.id === id && s.outcome === "deleted"), "settled deleted");
    expect(fs.existsSync(path.join(h.relay.stateDir, "quarantine", "main", `${id}.eml`))).toBe(false);
    await settle();
    expect(atSink("Card to delete")).toHaveLength(0);
    h.cp.update((s) => {
      s.quarantineCommands = [];
    });
  });

  it("keeps a quarantine report while the control plane refuses it, across a relay restart, and sends it once it is back", async () => {
    h.cp.quarantineStatus = 503;
    const result = await send("Card during outage", { text: `debit card ${CARD}` });
    const id = /queued as quarantine ([0-9a-f-]{36})/.exec(result.response)?.[1] as string;
    expect(id).toBeTruthy();
    await settle();
    expect(h.cp.quarantineReports.some((r) => r.id === id)).toBe(false);
    // the relay restarts while the report is still unacknowledged: it is on disk, not in memory
    await h.relay.stop();
    await h.startRelay();
    await h.waitForPolicy();
    h.cp.quarantineStatus = null;
    await waitFor(() => h.cp.quarantineReports.find((r) => r.id === id), "the report after the outage", 15_000);
    expect(h.cp.invalidQuarantine).toEqual([]);
    await settle();
    expect(atSink("Card during outage")).toHaveLength(0);
  });

  it("tags a message that matches a tag rule and reports the scanners in the heartbeat", async () => {
    h.cp.update((s) => {
      const p = s.contentProfiles?.[0];
      p?.dlpRules.push({
        id: randomUUID(),
        name: "Project Falcon",
        detector: "keywords",
        keywords: ["falcon"],
        minCount: 1,
        near: null,
        action: "tag",
      });
    });
    await h.waitForPolicy();
    const result = await send("Falcon status", { text: "Falcon is on track." });
    expect(result.code).toBe(250);
    const message = await waitFor(() => atSink("Falcon status")[0], "the tagged message");
    expect(readRaw(h.sink.dir, message).toString()).toContain("X-Switchyard-Content: Project Falcon");
    const beat = h.cp.heartbeats[h.cp.heartbeats.length - 1];
    expect(beat.scanners).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "clamd", up: true }),
        expect.objectContaining({ name: "rspamd", up: true }),
      ]),
    );
  });

  it("with clamd stopped: 451 4.7.1 naming clamd, nothing delivered; the heartbeat shows it down", async () => {
    await clamd.stop();
    const result = await send("While clamd is down", { text: "Hello." });
    expect(result.code).toBe(451);
    expect(result.response).toContain("4.7.1");
    expect(result.response).toContain("clamd");
    const event = await waitFor(() => rejected("scanner")[0], "the rejected/scanner event");
    expect(event.smtpCode).toBe(451);
    await settle();
    expect(atSink("While clamd is down")).toHaveLength(0);
    await waitFor(
      () => h.cp.heartbeats.some((b) => b.scanners.some((s) => s.name === "clamd" && !s.up)),
      "a heartbeat with clamd down",
    );
  });

  it("a profile that accepts on scanner failure delivers, tags 'not scanned' and warns in the heartbeat", async () => {
    h.cp.update((s) => {
      const p = s.contentProfiles?.[0];
      if (p) p.onScannerFailure = "accept";
    });
    await h.waitForPolicy();
    const result = await send("Accepted unscanned", { text: "Hello again." });
    expect(result.code).toBe(250);
    const message = await waitFor(() => atSink("Accepted unscanned")[0], "the unscanned message");
    expect(readRaw(h.sink.dir, message).toString()).toContain("X-Switchyard-Content: not scanned: clamd");
    await waitFor(
      () => h.cp.heartbeats.some((b) => b.warnings.some((w) => w.includes("UNSCANNED by clamd"))),
      "the heartbeat warning",
    );
  });
});
