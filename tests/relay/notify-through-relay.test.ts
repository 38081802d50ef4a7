// A re-certification campaign's mail leaves the control plane by SMTP through a real Haraka relay
// (STARTTLS + AUTH with the notification sender's credential, sealed in the notify.* settings),
// is signed by the relay and delivered into the real sink; a refused login is recorded as not mailed.
import "../support/integration-db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { recertificationRequests, senders, settings } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { addDaysUtc } from "@/lib/recertification/dates";
import { startCampaign } from "@/lib/recertification/start-campaign";
import { tokenVerifier } from "@/lib/recertification/token";
import { todayUtc } from "@/lib/senders/review";
import { setSetting } from "@/lib/settings/settings";
import { readRaw } from "../../relay/sink/sink-store";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { type Harness, startHarness, waitFor } from "./support/relay-harness";

let h: Harness;
let security: Actor;
let domainId: string;
const setup = { ...SYSTEM_ACTOR, label: "test setup" };

beforeAll(async () => {
  h = await startHarness();
  security = await makeActor("security");
  domainId = (await makeDomain(security)).id;
  const credential = h.fixture.creds.billing;
  await setSetting({ actor: setup, key: "notify.smtpHost", value: "127.0.0.1" });
  await setSetting({ actor: setup, key: "notify.smtpPort", value: h.relay.port });
  await setSetting({ actor: setup, key: "notify.smtpUser", value: credential.username });
  await setSetting({ actor: setup, key: "notify.smtpPassword", value: credential.secret });
  await setSetting({ actor: setup, key: "notify.smtpTlsVerify", value: false });
  await setSetting({ actor: setup, key: "notify.from", value: "switchyard@billing.example" });
});

afterAll(async () => {
  await h?.stop();
});

async function onlyThisSenderDue(contactEmail: string) {
  await getDb()
    .update(senders)
    .set({ reviewDate: addDaysUtc(todayUtc(), 3000) });
  return makeActiveSender(security, domainId, { contactEmail, reviewDate: addDaysUtc(todayUtc(), 3) });
}

describe("notification mail through the relay", () => {
  it("stores the SMTP password sealed, never in clear", async () => {
    const [row] = await getDb().select().from(settings).where(eq(settings.key, "notify.smtpPassword"));
    expect(String(row.value)).toMatch(/^sealed:/);
    expect(String(row.value)).not.toContain(h.fixture.creds.billing.secret);
  });

  it("delivers the campaign mail through Haraka (AUTH, DKIM-signed) into the sink", async () => {
    const sender = await onlyThisSenderDue("owner@relay-test.example");
    const result = await startCampaign({ actor: security, input: { dueWithinDays: 30 } });
    expect(result).toMatchObject({ senderCount: 1, mailed: 1, failed: [] });
    const message = await waitFor(
      () => h.sinkMessages().find((m) => m.to.includes("owner@relay-test.example")),
      "the campaign mail in the sink",
      20_000,
    );
    expect(message.from).toBe("switchyard@billing.example");
    // Signed by the relay with billing.example's key: it really went through the relay's pipeline.
    expect(message.dkimSignature).toBe(true);
    const body = readRaw(h.sink.dir, message)
      .toString("utf8")
      .replace(/=\r?\n/g, "");
    const token = /\/recertify\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];
    expect(token).toBeDefined();
    const [request] = await getDb()
      .select()
      .from(recertificationRequests)
      .where(eq(recertificationRequests.senderId, sender.id));
    expect(request).toMatchObject({ tokenVerifier: tokenVerifier(token!), mailStatus: "sent" });
    // The relay reported the delivery to its control plane.
    await waitFor(
      () => h.cp.eventsOfType("delivered").some((e) => JSON.stringify(e).includes("owner@relay-test.example")),
      "the relay's delivered event",
      20_000,
    );
  });

  it("records a mail the relay refuses (wrong password) as not mailed", async () => {
    await setSetting({ actor: setup, key: "notify.smtpPassword", value: "not-the-secret" });
    const sender = await onlyThisSenderDue("owner2@relay-test.example");
    const result = await startCampaign({ actor: security, input: { dueWithinDays: 30 } });
    expect(result.mailed).toBe(0);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0].error).toMatch(/535|auth/i);
    const [request] = await getDb()
      .select()
      .from(recertificationRequests)
      .where(eq(recertificationRequests.senderId, sender.id));
    expect(request.mailStatus).toBe("failed");
  });
});
