// The relay contract's `tls` on events (issue 13, item 9): delivered and deferred events may say
// whether TLS was used, nothing else may, and the relay plugin's delivered events carry it.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { relayEventSchema } from "@/lib/relay-contract/schemas";

const require = createRequire(import.meta.url);
const outcomeEvents =
  require("../../relay/plugin/lib/outcome-events.js") as typeof import("../../relay/plugin/lib/outcome-events.js");
type Recipient = Parameters<typeof outcomeEvents.deliveredEvents>[1][number];
type HMail = Parameters<typeof outcomeEvents.deliveredEvents>[0];

const event = (type: string, extra: Record<string, unknown> = {}) => ({
  id: `evt-${type}-00000001`,
  type,
  at: "2026-12-03T12:00:00Z",
  recipient: "ann@bank.example",
  ...(type === "rejected" ? { reason: "auth" } : {}),
  ...extra,
});

describe("relayEventSchema: tls", () => {
  it("accepts true, false, null or nothing on delivered and deferred events", () => {
    for (const type of ["delivered", "deferred"])
      for (const tls of [true, false, null, undefined]) {
        const parsed = relayEventSchema.safeParse(event(type, tls === undefined ? {} : { tls }));
        expect(parsed.success, `${type} tls=${tls}`).toBe(true);
        expect(parsed.data?.tls).toBe(tls);
      }
  });

  it("refuses a tls that is not a boolean, and tls on other event types", () => {
    const notBoolean = relayEventSchema.safeParse(event("delivered", { tls: "yes" }));
    expect(notBoolean.success).toBe(false);
    expect(notBoolean.error?.issues[0].path).toEqual(["tls"]);
    for (const type of ["accepted", "rejected", "bounced", "complained"]) {
      const extra = type === "bounced" ? { tls: true, bounceType: "hard" } : { tls: true };
      const parsed = relayEventSchema.safeParse(event(type, extra));
      expect(parsed.success, type).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toContain(
        "only delivered and deferred events say whether TLS was used",
      );
    }
    // null says "not known": allowed on any type (the relay's makeEvent sends it on every event)
    expect(relayEventSchema.safeParse(event("rejected", { tls: null })).success).toBe(true);
  });
});

describe("the relay plugin's delivered events", () => {
  // Only the fields deliveredEvents reads (Haraka's objects have many more).
  const hmail = {
    todo: { uuid: "ABCD-1234", domain: "bank.example", notes: {}, rcpt_to: [] },
    num_failures: 0,
  } as HMail;
  const recipients = [{ address: "ann@bank.example" }] as unknown as Recipient[];

  it("carry tls true or false from hook_delivered's secured, and keep a readable detail", () => {
    const [over] = outcomeEvents.deliveredEvents(hmail, recipients, "250 ok", true);
    expect(over).toMatchObject({ type: "delivered", tls: true, detail: "TLS; 250 ok" });
    expect(relayEventSchema.safeParse(over).success).toBe(true);
    const [clear] = outcomeEvents.deliveredEvents(hmail, recipients, "250 ok", false);
    expect(clear).toMatchObject({ tls: false, detail: "no TLS; 250 ok" });
    const [unknown] = outcomeEvents.deliveredEvents(hmail, recipients, "250 ok");
    expect(unknown).toMatchObject({ tls: null, detail: "250 ok" });
  });
});
