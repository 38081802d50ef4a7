import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { cidrSchema, ipInCidrs } from "@/lib/validations/network";
import { prng } from "../support/random";

// Property: every network the control plane accepts (after its normalization) is accepted by the
// relay's own parser (relay/plugin/lib/networks.js), also in the form the user typed, and both
// sides agree on membership for random addresses, IPv4-mapped ones included. Before the fix,
// "::ffff:1.2.3.4/120" passed the control plane and made the relay reject the whole snapshot.

const require = createRequire(import.meta.url);
const relay = require("../../relay/plugin/lib/networks.js") as {
  buildNetworkList(cidrs: string[], onSkip?: (entry: string, reason: string) => void): unknown;
  addressAllowed(list: unknown, ip: string): boolean;
};

const SEED = 20261203;
const CASES = 2500;
const ADDRESSES_PER_CASE = 12;

const r = prng(SEED);
const octet = () => (r.next() < 0.3 ? r.pick([0, 1, 10, 127, 192, 255]) : r.int(0, 255));
const hex = () => r.int(0, 0xffff).toString(16);
const v4 = () => [octet(), octet(), octet(), octet()].join(".");
const v6 = () => Array.from({ length: 8 }, () => (r.next() < 0.4 ? "0" : hex())).join(":");
const compressed = (full: string) => full.replace(/(^|:)0(:0)+(:|$)/, "::");
const v4Hex = (a: string) => {
  const [p, q, s, t] = a.split(".").map(Number);
  return `${((p << 8) | q).toString(16)}:${((s << 8) | t).toString(16)}`;
};

// Addresses in every spelling the relay and the control plane meet.
function randomAddress(near?: string): string {
  const base = near ?? v4();
  const shuffled = base
    .split(".")
    .map((o, i) => (i >= r.int(1, 4) ? String(octet()) : o))
    .join(".");
  return r.pick([
    () => shuffled,
    () => `::ffff:${shuffled}`,
    () => `::FFFF:${v4Hex(shuffled)}`,
    () => `0:0:0:0:0:ffff:${shuffled}`,
    () => compressed(v6()),
    () => `::${shuffled}`,
    () => v4(),
  ])();
}

function randomNetwork(): { text: string; near?: string } {
  const address = v4();
  const prefix = (max: number) =>
    r.next() < 0.1 ? "" : `/${r.next() < 0.05 ? r.pick(["0", "08", "-1", "x", ""]) : r.int(0, max + 4)}`;
  return r.pick([
    () => ({ text: `${address}${prefix(32)}`, near: address }),
    () => ({ text: `::ffff:${address}${prefix(128)}`, near: address }),
    () => ({ text: `::FFFF:${v4Hex(address)}${prefix(128)}`, near: address }),
    () => ({ text: `0:0:0:0:0:ffff:${address}${prefix(128)}`, near: address }),
    () => ({ text: `${compressed(v6())}${prefix(128)}` }),
    () => ({ text: `${v6().toUpperCase()}${prefix(128)}` }),
    () => ({ text: `::${address}${prefix(128)}`, near: address }),
    () => ({ text: `fe80::${hex()}%eth0${prefix(128)}` }),
    () => ({ text: ` ${address}${prefix(32)}/${r.int(0, 32)}` }),
  ])();
}

describe("control plane and relay read networks alike", () => {
  it("IPv4-mapped networks become the IPv4 network they cover, or are refused with a clear message", () => {
    expect(cidrSchema.parse("::ffff:1.2.3.4/120")).toBe("1.2.3.0/24");
    expect(cidrSchema.parse("::FFFF:102:304")).toBe("1.2.3.4/32");
    expect(cidrSchema.parse("::ffff:10.9.8.7/96")).toBe("0.0.0.0/0");
    const short = cidrSchema.safeParse("::ffff:1.2.3.4/80");
    expect(short.success).toBe(false);
    expect(short.error?.issues[0].message).toMatch(/IPv4-mapped network with a prefix shorter than \/96/);
    expect(cidrSchema.safeParse("fe80::1%eth0/64").success).toBe(false);
  });

  it(`every accepted network is usable by the relay, and membership agrees (${CASES} random networks, seed ${SEED})`, () => {
    let accepted = 0;
    for (let i = 0; i < CASES; i++) {
      const { text, near } = randomNetwork();
      const parsed = cidrSchema.safeParse(text);
      if (!parsed.success) continue;
      accepted++;
      const skipped: string[] = [];
      const stored = relay.buildNetworkList([parsed.data], (entry, reason) => skipped.push(`${entry}: ${reason}`));
      const typed = relay.buildNetworkList([text], (entry, reason) => skipped.push(`${entry}: ${reason}`));
      expect(skipped, `${text} → ${parsed.data}`).toEqual([]);
      for (let j = 0; j < ADDRESSES_PER_CASE; j++) {
        const ip = randomAddress(near);
        const expected = ipInCidrs(ip, [parsed.data]);
        expect(relay.addressAllowed(stored, ip), `${ip} in ${parsed.data}`).toBe(expected);
        expect(relay.addressAllowed(typed, ip), `${ip} in ${text}`).toBe(expected);
      }
    }
    expect(accepted).toBeGreaterThan(CASES / 3);
  });

  it("the relay skips what it cannot use and reports it; a list whose every entry was skipped allows nobody", () => {
    const skipped: string[] = [];
    const list = relay.buildNetworkList(["::ffff:1.2.3.4/80", "garbage", "10.0.0.0/8"], (entry, reason) =>
      skipped.push(`${entry} (${reason})`),
    );
    expect(skipped).toEqual([
      "::ffff:1.2.3.4/80 (IPv4-mapped network with a prefix shorter than /96)",
      "garbage (not an IPv4 or IPv6 address)",
    ]);
    expect(relay.addressAllowed(list, "10.1.1.1")).toBe(true);
    expect(relay.addressAllowed(list, "1.2.3.4")).toBe(false);
    const none = relay.buildNetworkList(["::ffff:1.2.3.4/80"]);
    expect(relay.addressAllowed(none, "1.2.3.4")).toBe(false);
    expect(relay.addressAllowed(none, "8.8.8.8")).toBe(false);
  });
});
