import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyMessageTag } from "@/lib/complaints/message-tag";
import { normalizeMessageId } from "@/lib/complaints/mime";
import { parseHeaders, readRaw } from "../../relay/sink/sink-store";
import { type Harness, startHarness, waitFor } from "./support/relay-harness";
import { SmtpSession } from "./support/smtp-session";

// X-Switchyard-* headers are the relay's: whatever the client wrote is dropped at the end of DATA
// and the relay adds its own X-Switchyard-Tag, signed with the snapshot's messageTagKey — the tag
// the control plane's complaint matching verifies (lib/complaints/message-tag.ts).

let h: Harness;
const key = randomBytes(32);

beforeAll(async () => {
  h = await startHarness();
  await h.waitForPolicy(h.cp.update((s) => Object.assign(s, { messageTagKey: key.toString("base64") })));
});

afterAll(async () => {
  await h?.stop();
});

describe("the relay's message tag", () => {
  it("drops client-written X-Switchyard-* headers and adds a tag the control plane verifies", async () => {
    const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
    expect((await session.login(h.fixture.creds.billing.username, h.fixture.creds.billing.secret)).code).toBe(235);
    expect((await session.command("MAIL FROM:<invoices@billing.example>")).code).toBe(250);
    expect((await session.command("RCPT TO:<customer@example.net>")).code).toBe(250);
    expect((await session.command("DATA")).code).toBe(354);
    const forged = [
      "From: invoices@billing.example",
      "To: customer@example.net",
      "Subject: tagged",
      "Message-ID: <tag-test-1@billing.example>",
      `X-Switchyard-Sender: ${h.fixture.ids.alerts}`,
      "X-Switchyard-Queue-Id: FORGED.1",
      `X-Switchyard-Tag: v=1; s=${h.fixture.ids.alerts}; q=FORGED.1; t=${"A".repeat(43)}`,
      "x-switchyard-anything : also forged",
    ];
    const end = await session.command([...forged, "", "body", "."].join("\r\n"));
    expect(end.code).toBe(250);
    await session.quit();
    const message = await waitFor(
      () => h.sinkMessages().find((m) => m.subject === "tagged"),
      "the message at the sink",
    );
    const raw = readRaw(h.sink.dir, message);
    const headers = parseHeaders(raw);
    expect([...headers.keys()].filter((k) => k.startsWith("x-switchyard-"))).toEqual(["x-switchyard-tag"]);
    expect(raw.toString("utf8")).not.toMatch(/FORGED|also forged/);
    const [tag] = headers.get("x-switchyard-tag")!;
    const verified = verifyMessageTag(tag, normalizeMessageId(message.messageId), key);
    expect(verified).toEqual({ senderId: h.fixture.ids.billing, queueId: expect.any(String) });
    const accepted = await waitFor(
      () => h.cp.eventsOfType("accepted").find((e) => e.messageId === message.messageId),
      "the accepted event",
    );
    expect(verified?.queueId).toBe(accepted.queueId);
    // Another key, or the same tag on another message, does not verify.
    expect(verifyMessageTag(tag, normalizeMessageId(message.messageId), randomBytes(32))).toBeNull();
    expect(verifyMessageTag(tag, "<other@billing.example>", key)).toBeNull();
  });
});
