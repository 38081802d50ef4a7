import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";

// relayRequest's timeout is a deadline of its own. Node's fetch can leave an aborted request
// pending forever when the abort lands while the answer arrives (nodejs/node#56917): the soak's
// event sender then awaited one batch forever after a control-plane restart and shipped nothing
// more. A fetch that ignores its abort signal stands in for that race, which cannot be timed.

const require = createRequire(import.meta.url);
const { relayRequest } = require("../../relay/plugin/lib/http.js");

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("relayRequest's timeout", () => {
  it("rejects at the deadline even when fetch never settles after its abort", async () => {
    let signal: AbortSignal | undefined;
    vi.stubGlobal("fetch", (_url: string, init: { signal: AbortSignal }) => {
      signal = init.signal;
      return new Promise(() => undefined);
    });
    const started = Date.now();
    await expect(
      relayRequest({ controlUrl: "http://cp.invalid", token: "t" }, { path: "/events", timeoutMs: 200 }),
    ).rejects.toThrow("timed out after 200 ms");
    expect(Date.now() - started).toBeLessThan(2_000);
    // The request itself is still told to stop.
    expect(signal?.aborted).toBe(true);
  });

  it("rejects at the deadline when the answer's headers came but its body never ends", async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"accepted":');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const controlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(
        relayRequest(
          { controlUrl, token: "t" },
          { method: "POST", path: "/events", json: '{"events":[]}', timeoutMs: 300 },
        ),
      ).rejects.toThrow();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
