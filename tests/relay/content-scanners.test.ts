import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLAMD_BIN,
  type ClamdProcess,
  EICAR,
  EICAR_SIGNATURE,
  GTUBE,
  RSPAMD_BIN,
  type RspamdProcess,
  scannerMissing,
  startClamd,
  startRspamd,
} from "../support/scanners";

// Our clamd and rspamd clients against the real daemons (started by tests/support/scanners.ts),
// above all that they fail closed: a stopped daemon or a message over clamd's limit is an error,
// never clean or a low score. (What the daemons never say — garbage, silence, HTTP errors — is in
// tests/unit/content-scanner-clients.test.ts, against fake servers.)

const require = createRequire(import.meta.url);
const clamd =
  require("../../relay/plugin/lib/content/clamd.js") as typeof import("../../relay/plugin/lib/content/clamd.js");
const rspamd =
  require("../../relay/plugin/lib/content/rspamd.js") as typeof import("../../relay/plugin/lib/content/rspamd.js");

const mail = (subject: string, body: string) =>
  Buffer.from(
    [
      "From: Alice <alice@example.com>",
      "To: Bob <bob@example.net>",
      `Subject: ${subject}`,
      "Date: Thu, 03 Dec 2026 12:00:00 +0000",
      "Message-ID: <test-1@example.com>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
      "",
    ].join("\r\n"),
  );

const envelope = {
  ip: "192.0.2.10",
  helo: "app.example.com",
  from: "alice@example.com",
  rcpt: ["bob@example.net"],
  queueId: "Q123",
};

describe.skipIf(scannerMissing(CLAMD_BIN, "clamav-daemon"))("clamd client against a real clamd", () => {
  let daemon: ClamdProcess;

  beforeAll(async () => {
    daemon = await startClamd();
    console.info(`clamd ready in ${daemon.startupMs} ms`);
  });
  afterAll(async () => {
    await daemon?.stop();
    daemon?.remove();
  });

  it("finds EICAR in a message, by signature name, over TCP and the unix socket", async () => {
    const message = mail("test", `Here it is:\r\n${EICAR}\r\n`);
    expect(await clamd.scan({ port: daemon.port }, message)).toEqual({
      status: "infected",
      signature: `${EICAR_SIGNATURE}.UNOFFICIAL`,
    });
    expect(await clamd.scan({ socketPath: daemon.socketPath }, message)).toEqual({
      status: "infected",
      signature: `${EICAR_SIGNATURE}.UNOFFICIAL`,
    });
  });

  it("says clean for clean text, whole or streamed in pieces", async () => {
    expect(await clamd.scan({ port: daemon.port }, mail("lunch", "Lunch tomorrow?"))).toEqual({ status: "clean" });
    async function* pieces() {
      yield Buffer.from("first part, ");
      yield Buffer.alloc(100_000, "x");
    }
    expect(await clamd.scan({ port: daemon.port, chunkBytes: 4096 }, pieces())).toEqual({ status: "clean" });
  });

  it("finds EICAR split across chunk boundaries", async () => {
    const message = Buffer.concat([Buffer.alloc(4090, "a"), Buffer.from(EICAR), Buffer.alloc(100, "b")]);
    const result = await clamd.scan({ port: daemon.port, chunkBytes: 4096 }, message);
    expect(result.status).toBe("infected");
  });

  it("is an error, not clean, over clamd's StreamMaxLength", async () => {
    const result = await clamd.scan({ port: daemon.port }, Buffer.alloc(daemon.streamMaxLength + 64 * 1024, "x"));
    expect(result.status).toBe("error");
    // Almost always clamd's own reply; rarely the broken pipe is seen before it.
    expect(result).toMatchObject({ detail: expect.stringMatching(/size limit exceeded|EPIPE|ECONNRESET/) });
  });

  it("answers PING and VERSION (no official database: no signature date)", async () => {
    expect(await clamd.ping({ port: daemon.port })).toEqual({ ok: true });
    const version = await clamd.version({ port: daemon.port });
    expect(version).toMatchObject({ status: "ok", engine: expect.stringMatching(/^\d+\.\d+/), signatureDate: null });
  });

  // Last: it stops the daemon.
  it("is an error, not clean, when clamd is stopped", async () => {
    await daemon.stop();
    const result = await clamd.scan({ port: daemon.port, timeoutMs: 2000 }, mail("lunch", "Lunch tomorrow?"));
    expect(result).toMatchObject({ status: "error", detail: expect.stringContaining("ECONNREFUSED") });
    expect(await clamd.scan({ socketPath: daemon.socketPath }, Buffer.from("x"))).toMatchObject({ status: "error" });
    expect(await clamd.ping({ port: daemon.port })).toMatchObject({ ok: false });
  });
});

describe.skipIf(scannerMissing(RSPAMD_BIN, "rspamd"))("rspamd client against a real rspamd", () => {
  let daemon: RspamdProcess;

  beforeAll(async () => {
    daemon = await startRspamd();
    console.info(`rspamd ready in ${daemon.startupMs} ms`);
  });
  afterAll(async () => {
    await daemon?.stop();
    daemon?.remove();
  });

  it("scores GTUBE at or above the required score", async () => {
    const result = await rspamd.check({ url: daemon.url }, mail("test", `${GTUBE}\r\n`), envelope);
    expect(result).toMatchObject({ status: "scored", action: "reject", symbols: ["GTUBE"] });
    if (result.status !== "scored") throw new Error("not scored");
    expect(result.score).toBeGreaterThanOrEqual(result.requiredScore);
  });

  it("scores a plain message low", async () => {
    const result = await rspamd.check({ url: daemon.url }, mail("lunch", "Lunch tomorrow at noon?"), envelope);
    expect(result).toMatchObject({ status: "scored", action: "no action" });
    if (result.status !== "scored") throw new Error("not scored");
    expect(result.score).toBeLessThan(result.requiredScore);
  });

  // Last: it stops the daemon.
  it("is an error, not a score, when rspamd is stopped", async () => {
    await daemon.stop();
    const result = await rspamd.check({ url: daemon.url, timeoutMs: 2000 }, mail("test", `${GTUBE}\r\n`), envelope);
    expect(result).toMatchObject({ status: "error", detail: expect.stringContaining("ECONNREFUSED") });
    expect(await rspamd.ping({ url: daemon.url })).toMatchObject({ ok: false });
  });
});
