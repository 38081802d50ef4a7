// Alert webhooks (lib/alerts/deliver-webhooks.ts, run every 10 s by the background jobs) against a
// real HTTP server on 127.0.0.1: a due alert is POSTed once as Slack JSON and marked sent; a 500 or
// an unreachable server is retried with exponential backoff (15 s, 30 s, 60 s, …) and the alert is
// marked failed after WEBHOOK_MAX_ATTEMPTS; without a URL alerts are marked disabled. The URL's
// secret path never reaches the alert row or the log.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { type Alert, alerts } from "@/db/schema";
import { backoffMs, deliverDueWebhooks, WEBHOOK_MAX_ATTEMPTS } from "@/lib/alerts/deliver-webhooks";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import type { Actor } from "@/lib/audit/actor";
import { setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";

interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

// A chat tool's incoming webhook: records every request and answers with `status`.
const received: Received[] = [];
let status = 200;
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    received.push({ method: req.method ?? "", path: req.url ?? "", contentType: req.headers["content-type"], body });
    res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "server error");
  });
});

const SECRET = randomBytes(12).toString("hex");
let admin: Actor;
let webhookUrl: string;
let logged: string[] = [];
let counter = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0/B0/${SECRET}`;
  admin = await makeActor("admin");
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(async () => {
  received.length = 0;
  status = 200;
  logged = [];
  // What the job would print, to prove the secret is not in it.
  for (const level of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
  // One alert at a time: earlier tests' alerts are settled.
  await getDb().update(alerts).set({ webhookStatus: "sent" });
  await setSetting({ actor: admin, key: "alerts.webhookUrl", value: webhookUrl });
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(logged.join("\n")).not.toContain(SECRET);
});

async function raise(title: string): Promise<Alert> {
  counter++;
  const alert = await raiseAlert({
    kind: "test",
    severity: "critical",
    subjectType: "sender",
    subjectId: `sender-${counter}`,
    title,
    // One key: jsonb does not keep the order of several.
    detail: { bounceRatePct: 12.5 },
    dedupeKey: `webhook-test-${counter}`,
  });
  if (!alert) throw new Error("alert not raised");
  return alert;
}

async function reload(id: string): Promise<Alert> {
  const [row] = await getDb().select().from(alerts).where(eq(alerts.id, id));
  return row;
}

const later = (start: Date, ms: number) => new Date(start.getTime() + ms);

describe("deliverDueWebhooks", () => {
  it("POSTs a due alert once as Slack JSON and marks it sent", async () => {
    const alert = await raise("Sender shop bounces");
    const now = later(alert.createdAt, 1000);

    expect(await deliverDueWebhooks({ now })).toBe(1);
    expect(received).toEqual([
      {
        method: "POST",
        path: `/services/T0/B0/${SECRET}`,
        contentType: "application/json",
        body: JSON.stringify({
          text: ":rotating_light: *Switchyard critical*: Sender shop bounces\nbounceRatePct: 12.5",
        }),
      },
    ]);
    expect(await reload(alert.id)).toMatchObject({
      webhookStatus: "sent",
      webhookAttempts: 1,
      webhookNextAttemptAt: null,
      webhookLastError: null,
    });

    // Sent is sent: a later run posts nothing more.
    expect(await deliverDueWebhooks({ now: later(now, 60_000) })).toBe(0);
    expect(received).toHaveLength(1);
  });

  it("answered 500: retried after 15 s, 30 s, 60 s, …; failed after the last attempt, then left alone", async () => {
    status = 500;
    const alert = await raise("Kill switch engaged");
    let now = later(alert.createdAt, 1000);

    for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
      expect(await deliverDueWebhooks({ now })).toBe(0);
      expect(received).toHaveLength(attempt);
      const row = await reload(alert.id);
      expect(row.webhookAttempts).toBe(attempt);
      expect(row.webhookLastError).toBe("HTTP 500");
      expect(row.webhookStatus).toBe(attempt < WEBHOOK_MAX_ATTEMPTS ? "pending" : "failed");
      expect(row.webhookNextAttemptAt?.getTime()).toBe(now.getTime() + backoffMs(attempt));
      if (attempt < WEBHOOK_MAX_ATTEMPTS) {
        // Not before its time: one second early, nothing is sent.
        await deliverDueWebhooks({ now: later(now, backoffMs(attempt) - 1000) });
        expect(received).toHaveLength(attempt);
      }
      now = later(now, backoffMs(attempt));
    }
    expect(backoffMs(1)).toBe(15_000);
    expect(backoffMs(2)).toBe(30_000);
    expect(backoffMs(3)).toBe(60_000);

    // Failed is final: the server answering again changes nothing.
    status = 200;
    expect(await deliverDueWebhooks({ now: later(now, 24 * 3600_000) })).toBe(0);
    expect(received).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    expect((await reload(alert.id)).webhookStatus).toBe("failed");
  });

  it("a 500 then a 200: the retry delivers it", async () => {
    status = 500;
    const alert = await raise("Domain DKIM failing");
    const now = later(alert.createdAt, 1000);
    await deliverDueWebhooks({ now });
    status = 200;
    expect(await deliverDueWebhooks({ now: later(now, backoffMs(1)) })).toBe(1);
    expect(received).toHaveLength(2);
    expect(await reload(alert.id)).toMatchObject({
      webhookStatus: "sent",
      webhookAttempts: 2,
      webhookNextAttemptAt: null,
      webhookLastError: null,
    });
  });

  it("an unreachable server is a failed attempt whose error does not carry the URL's secret", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await setSetting({
      actor: admin,
      key: "alerts.webhookUrl",
      value: `http://127.0.0.1:${port}/services/T0/B0/${SECRET}`,
    });
    const alert = await raise("Relay offline");
    const now = later(alert.createdAt, 1000);

    expect(await deliverDueWebhooks({ now })).toBe(0);
    const row = await reload(alert.id);
    expect(row).toMatchObject({ webhookStatus: "pending", webhookAttempts: 1 });
    expect(row.webhookLastError).toBeTruthy();
    expect(row.webhookLastError).not.toContain(SECRET);
    expect(row.webhookNextAttemptAt?.getTime()).toBe(now.getTime() + backoffMs(1));
  });

  it("without a webhook URL: due alerts are marked disabled and nothing is sent", async () => {
    await setSetting({ actor: admin, key: "alerts.webhookUrl", value: "" });
    const alert = await raise("Complaint rate high");

    expect(await deliverDueWebhooks({ now: later(alert.createdAt, 1000) })).toBe(0);
    expect(received).toHaveLength(0);
    expect(await reload(alert.id)).toMatchObject({ webhookStatus: "disabled", webhookAttempts: 0 });
  });
});
