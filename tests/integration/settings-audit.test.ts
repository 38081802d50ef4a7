// Secret settings (issue #11 item 9): the audit log records that a webhook URL or metrics token
// changed, never its value; ordinary settings keep their before/after values.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { listSettingViews } from "@/lib/settings/setting-views";
import { getSetting, setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";

let admin: Actor;

beforeAll(async () => {
  admin = await makeActor("admin");
});

const entriesFor = (key: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "setting.update"), eq(auditLog.targetId, key)))
    .orderBy(auditLog.seq);

describe("settings audit", () => {
  it("never writes a secret setting's value to the audit log, only that it changed", async () => {
    const webhook = "https://hooks.example.com/services/T000/B000/s3cr3t-webhook-path";
    const token = "metrics-scrape-token-0123456789abcdef";
    const token2 = "metrics-scrape-token-fedcba9876543210";
    await setSetting({ actor: admin, key: "alerts.webhookUrl", value: webhook });
    await setSetting({ actor: admin, key: "metrics.token", value: token });
    await setSetting({ actor: admin, key: "metrics.token", value: token2 });
    await setSetting({ actor: admin, key: "metrics.token", value: "" });
    expect(await getSetting("alerts.webhookUrl")).toBe(webhook);

    const all = JSON.stringify(await getDb().select().from(auditLog));
    for (const secret of [webhook, "s3cr3t-webhook-path", token, token2]) expect(all).not.toContain(secret);

    const [set] = await entriesFor("alerts.webhookUrl");
    expect(set).toMatchObject({ before: { set: false }, after: { set: true, changed: true } });
    const tokenEntries = await entriesFor("metrics.token");
    expect(tokenEntries.map((e) => e.after)).toEqual([
      { set: true, changed: true },
      { set: true, changed: true },
      { set: false, changed: true },
    ]);
    const views = await listSettingViews();
    expect(views.find((v) => v.key === "alerts.webhookUrl")).toMatchObject({ isSecret: true, value: "(set)" });
  });

  it("keeps before and after values for ordinary settings", async () => {
    await setSetting({ actor: admin, key: "relay.submissionPort", value: 2525 });
    const [entry] = await entriesFor("relay.submissionPort");
    expect(entry).toMatchObject({ before: { value: 587 }, after: { value: 2525 } });
  });
});
