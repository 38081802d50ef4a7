// Misuse detection end to end: the real Haraka relay with our plugin, the real control plane's
// relay API over a real database (events ingested, rollups, detector, kill switch, snapshot), and
// a sink. A sender with a learned baseline of 10 messages an hour bursts 200 messages: the
// detector engages its kill switch and the relay refuses it. The latency is measured and printed.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { alerts } from "@/db/schema";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { setMisuseReaction } from "@/lib/misuse/misuse-reactions";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { type MisuseStack, spikeOnce, startMisuseStack } from "./support/misuse-stack";
import { waitFor } from "./support/relay-harness";
import { SmtpSession } from "./support/smtp-session";

// Stated bounds: from the message that crossed the threshold to the engaged switch (events are
// shipped every 0.5 s, judged right after they are stored), and from the engaged switch to the
// relay refusing the sender (the policy reaches the relay by long-poll).
const DETECTION_LIMIT_MS = 5000;
const ENFORCEMENT_LIMIT_MS = 2000;
// Unauthenticated refusals are aggregated per client IP and window (60 s by default): a shorter
// window here, so the AUTH burst test need not wait a minute for the aggregates.
const REFUSAL_WINDOW_S = 3;

let stack: MisuseStack;

beforeAll(async () => {
  stack = await startMisuseStack({ refusal_window_s: REFUSAL_WINDOW_S });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("misuse detection through the real relay", () => {
  it("a 200-message burst after a baseline of 10/h engages the sender kill switch; the relay then refuses the sender", async () => {
    const r = await spikeOnce(stack, { name: "Invoices", burst: 200, connections: 4, usualPerHour: 10 });
    expect(r.engagedBy).toBe("system (detector)");
    expect(r.reason).toMatch(
      /^Auto-suspended by misuse detection: Invoices: \d+ messages in the last hour, usual 10\/h/,
    );
    const [alert] = await getDb().select().from(alerts).where(eq(alerts.subjectId, r.senderId));
    expect(alert).toMatchObject({ kind: "misuse", severity: "critical" });
    expect(r.refusal.code).toBe(550);
    expect(r.refusal.text).toContain('kill switch on sender "Invoices"');
    expect(r.engagedMs - r.crossedMs).toBeLessThan(DETECTION_LIMIT_MS);
    expect(r.refusedMs - r.engagedMs).toBeLessThan(ENFORCEMENT_LIMIT_MS);
    console.log(
      `[misuse] burst of 200 over 4 connections: ${r.accepted} accepted before the stop; ` +
        `threshold crossed at ${r.crossedMs.toFixed(0)} ms, kill switch engaged at ${r.engagedMs} ms ` +
        `(${(r.engagedMs - r.crossedMs).toFixed(0)} ms after the crossing), relay refused the sender at ` +
        `${r.refusedMs.toFixed(0)} ms (${(r.refusedMs - r.engagedMs).toFixed(0)} ms after the engagement)`,
    );
  });

  it("failed AUTH for one username from several addresses (past the per-address throttle) suspend the credential", async () => {
    const admin = await makeActor("admin");
    const domain = await makeDomain(admin);
    const sender = await makeActiveSender(admin, domain.id, { name: "Statements" });
    const { credential, secret } = await issueCredential({
      actor: admin,
      input: { senderId: sender.id, expiresInDays: 90 },
    });
    await setMisuseReaction({
      actor: admin,
      input: { senderId: sender.id, rule: "auth_failures", reaction: "suspend" },
    });
    await stack.relayHasCurrentPolicy();
    // Five addresses, five wrong secrets each: the relay's throttle allows 5 per address in 5 min,
    // so only a spread-out attack reaches 20 for one username.
    const start = Date.now();
    const failures: number[] = [];
    for (let a = 2; a <= 6; a++) {
      for (let i = 0; i < 5; i++) {
        const { session } = await SmtpSession.connect("127.0.0.1", stack.relay.port, `127.0.0.${a}`);
        expect((await session.login(credential.username, `wrong-${a}-${i}`)).code).toBe(535);
        failures.push(Date.now());
        await session.quit();
      }
    }
    const attackMs = Date.now() - start;
    const engaged = await waitFor(
      () => engagedKillSwitchFor("credential", credential.id),
      "the credential kill switch",
      (REFUSAL_WINDOW_S + 10) * 1000,
      50,
    );
    const engagedMs = engaged.engagedAt.getTime() - start;
    // From the client receiving the 20th 535 (the threshold) to the engaged switch; Haraka delays each
    // failure answer, so the relay may have reported it (and the switch be engaged) before.
    const afterThresholdMs = engaged.engagedAt.getTime() - failures[19];
    expect(afterThresholdMs).toBeLessThan((REFUSAL_WINDOW_S + 1) * 1000 + DETECTION_LIMIT_MS);
    expect(engaged.engagedByLabel).toBe("system (detector)");
    const [alert] = await getDb().select().from(alerts).where(eq(alerts.subjectId, sender.id));
    // The count the detector saw: at least the threshold, at most the 25 sent (reports arrive in
    // batches per address and window, so the detection may land on any count in between).
    const counted = alert.title.match(
      new RegExp(`^Statements: (\\d+) failed AUTH attempts for username ${credential.username} in 5 min`),
    );
    expect(Number(counted?.[1])).toBeGreaterThanOrEqual(20);
    expect(Number(counted?.[1])).toBeLessThanOrEqual(25);
    // The right secret still authenticates, but the credential's mail is refused.
    const { session } = await SmtpSession.connect("127.0.0.1", stack.relay.port, "127.0.0.9");
    expect((await session.login(credential.username, secret)).code).toBe(235);
    const reply = await waitFor(
      async () => {
        const r = await session.command(`MAIL FROM:<statements@${domain.domain}>`);
        if (r.code === 250) await session.command("RSET");
        return r.code === 550 ? r : null;
      },
      "the relay to refuse the credential",
      ENFORCEMENT_LIMIT_MS + 3000,
      50,
    );
    expect(reply.text).toContain(`kill switch on credential ${credential.username}`);
    await session.quit();
    console.log(
      `[misuse] 25 failed AUTH from 5 addresses in ${attackMs} ms: credential kill switch engaged ${engagedMs} ms after the ` +
        `first, ${afterThresholdMs} ms after the client got the 20th 535 (refusal aggregation window ${REFUSAL_WINDOW_S} s here, 60 s by default)`,
    );
  });
});
