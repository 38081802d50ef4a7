import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// MTA-STS for direct delivery (lib/mta-sts.js) with stubbed policy fetch and MX lookup: an enforced
// policy limits the MX hosts and is cached until it expires; testing and none change nothing.
// (Fetching real policies is mailauth's, over DNS and HTTPS; not exercised here.)

const require = createRequire(import.meta.url);
const { MtaSts } = require("../../relay/plugin/lib/mta-sts.js") as typeof import("../../relay/plugin/lib/mta-sts.js");
const { installForceTls } =
  require("../../relay/plugin/lib/tls-enforcement.js") as typeof import("../../relay/plugin/lib/tls-enforcement.js");

const quiet = { debug() {}, info() {}, notice() {}, warn() {}, error() {} };
const mxOf = async () => [
  { exchange: "mx1.mail.example", priority: 10 },
  { exchange: "backup.elsewhere.example", priority: 20 },
];

function sts(mode: "enforce" | "testing" | "none", fetches: string[] = []) {
  return new MtaSts({
    log: quiet,
    resolveMx: mxOf,
    getPolicy: async (domain: string) => {
      fetches.push(domain);
      return {
        policy: {
          id: "20260101",
          mode,
          mx: ["*.mail.example"],
          maxAge: 86400,
          expires: new Date(Date.now() + 86_400_000).toISOString(),
        },
        status: "found",
      };
    },
  });
}

describe("MTA-STS", () => {
  it("enforce: only MX hosts the policy names, the policy cached until it expires", async () => {
    const fetches: string[] = [];
    const m = sts("enforce", fetches);
    expect(await m.decide("Mail.Example")).toEqual({
      enforce: true,
      mx: [{ exchange: "mx1.mail.example", priority: 10 }],
    });
    await m.decide("mail.example");
    expect(fetches).toEqual(["mail.example"]);
  });

  it("testing and none: delivery as usual", async () => {
    expect(await sts("testing").decide("mail.example")).toEqual({ enforce: false });
    expect(await sts("none").decide("mail.example")).toEqual({ enforce: false });
  });

  it("an enforced attempt forces verified TLS through the get_force_tls wrapper", () => {
    class Item {
      todo = { domain: "mail.example", notes: {} };
      switchyard_mta_sts?: boolean;
      get_force_tls(_mx: unknown) {
        return false;
      }
    }
    installForceTls(Item, () => new Set());
    const item = new Item();
    expect(item.get_force_tls({})).toBe(false);
    item.switchyard_mta_sts = true;
    expect(item.get_force_tls({})).toBe(true);
  });
});
