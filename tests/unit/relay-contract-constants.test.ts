// The relay plugin is plain JS and cannot import the TypeScript contract, so it keeps copies of
// the contract's constants (relay/plugin/lib/contract.js) and of its field limits (events.js).
// These tests fail when either side changes alone.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import * as contract from "@/lib/relay-contract/schemas";

const require = createRequire(import.meta.url);
const plugin = require("../../relay/plugin/lib/contract.js") as typeof import("../../relay/plugin/lib/contract.js");
const { loadSettings } =
  require("../../relay/plugin/lib/settings.js") as typeof import("../../relay/plugin/lib/settings.js");
const { makeEvent, rejectedEvent } =
  require("../../relay/plugin/lib/events.js") as typeof import("../../relay/plugin/lib/events.js");

describe("relay plugin constants", () => {
  it("equal the TypeScript contract's", () => {
    expect({
      RELAY_API_PREFIX: plugin.RELAY_API_PREFIX,
      MAX_POLL_WAIT_S: plugin.MAX_POLL_WAIT_S,
      MAX_HEARTBEAT_WARNINGS: plugin.MAX_HEARTBEAT_WARNINGS,
      MAX_HEARTBEAT_WARNING_LENGTH: plugin.MAX_HEARTBEAT_WARNING_LENGTH,
    }).toEqual({
      RELAY_API_PREFIX: contract.RELAY_API_PREFIX,
      MAX_POLL_WAIT_S: contract.MAX_POLL_WAIT_S,
      MAX_HEARTBEAT_WARNINGS: contract.MAX_HEARTBEAT_WARNINGS,
      MAX_HEARTBEAT_WARNING_LENGTH: contract.MAX_HEARTBEAT_WARNING_LENGTH,
    });
  });

  it("keep a batch of events within the contract's limits", () => {
    expect(plugin.EVENTS_PER_BATCH).toBeGreaterThan(0);
    expect(plugin.EVENTS_PER_BATCH).toBeLessThanOrEqual(contract.MAX_EVENTS_PER_BATCH);
    expect(loadSettings({}, {}).eventsBatchMaxBytes).toBeLessThanOrEqual(contract.MAX_EVENTS_BATCH_BYTES);
  });

  it("make events that fit the contract's field limits, however long what they report", () => {
    const long = (n: number) => "x".repeat(n);
    const info = {
      username: long(500),
      clientIp: long(100),
      from: `${long(400)}@example.com`,
      messageId: `<${long(2000)}@example.com>`,
      queueId: long(300),
      policyVersion: 7,
    };
    const events = [
      rejectedEvent(
        `rej.${long(200)}`,
        info,
        { reason: "policy", code: 550, enhanced: "5.7.1", text: long(3000) },
        { count: 3 },
      ),
      makeEvent("dlv.test.0001", "delivered", info, {
        recipient: `${long(400)}@example.net`,
        smtpCode: 250,
        detail: long(3000),
      }),
      makeEvent("bnc.test.0001", "bounced", info, {
        recipient: "a@example.net",
        smtpCode: 550,
        enhancedCode: "5.1.1",
        bounceType: "hard",
      }),
    ];
    for (const event of events) {
      const parsed = contract.relayEventSchema.safeParse(JSON.parse(JSON.stringify(event)));
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });
});
