import http from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import { describe, expect, it } from "vitest";

// The clamd and rspamd clients against fake servers: what the real daemons never say (garbage,
// silence, HTTP errors) must be an error, never clean or a low score; and exactly what rspamd is
// told about the envelope. The real daemons are in tests/relay/content-scanners.test.ts.

const require = createRequire(import.meta.url);
const clamd =
  require("../../relay/plugin/lib/content/clamd.js") as typeof import("../../relay/plugin/lib/content/clamd.js");
const rspamd =
  require("../../relay/plugin/lib/content/rspamd.js") as typeof import("../../relay/plugin/lib/content/rspamd.js");

// A TCP server answering the first data of every connection with `reply` (null: never answers).
async function withTcpServer(reply: string | null, run: (port: number) => Promise<void>): Promise<void> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("data", () => {
      if (reply !== null) socket.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run((server.address() as net.AddressInfo).port);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  body: string;
}

// An HTTP server answering every request with status and body, remembering what it was sent.
async function withHttpServer(
  status: number,
  body: string | null,
  run: (url: string, seen: Seen[]) => Promise<void>,
): Promise<void> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString("latin1"),
      });
      if (body === null) return; // never answers
      res.writeHead(status, { "Content-Type": "application/json" }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const headerPairs = (raw: string[]) =>
  Array.from({ length: raw.length / 2 }, (_, i) => [raw[2 * i].toLowerCase(), raw[2 * i + 1]]);

describe("clamd client, fail closed", () => {
  it("is an error for a reply it does not understand", async () => {
    await withTcpServer("stream: MAYBE\0", async (port) => {
      expect(await clamd.scan({ port }, Buffer.from("x"))).toEqual({
        status: "error",
        detail: 'clamd: unexpected reply "stream: MAYBE"',
      });
    });
    await withTcpServer("", async (port) => {
      expect(await clamd.scan({ port }, Buffer.from("x"))).toEqual({
        status: "error",
        detail: "clamd: connection closed without a reply",
      });
    });
  });

  it("is an error when 'clean' comes before the whole message was sent", async () => {
    await withTcpServer("stream: OK\0", async (port) => {
      const result = await clamd.scan({ port, chunkBytes: 1024 }, Buffer.alloc(4 * 1024 * 1024, "x"));
      expect(result).toEqual({ status: "error", detail: "clamd: answered before the end of the stream" });
    });
  });

  it("is an error when no reply comes in time", async () => {
    await withTcpServer(null, async (port) => {
      expect(await clamd.scan({ port, timeoutMs: 200 }, Buffer.from("x"))).toEqual({
        status: "error",
        detail: "clamd: no reply within 200 ms",
      });
    });
  });

  it("is an error when nothing listens", async () => {
    const result = await clamd.scan({ socketPath: "/nonexistent/clamd.sock" }, Buffer.from("x"));
    expect(result).toMatchObject({ status: "error", detail: expect.stringContaining("ENOENT") });
  });

  it("reads clean, infected and error replies exactly", () => {
    expect(clamd.parseScanReply("stream: OK")).toEqual({ status: "clean" });
    expect(clamd.parseScanReply("stream: Win.Test.EICAR_HDB-1 FOUND")).toEqual({
      status: "infected",
      signature: "Win.Test.EICAR_HDB-1",
    });
    expect(clamd.parseScanReply("INSTREAM size limit exceeded. ERROR")).toEqual({
      status: "error",
      detail: "clamd: INSTREAM size limit exceeded. ERROR",
    });
    expect(clamd.parseScanReply("stream: OK but not quite")).toMatchObject({ status: "error" });
  });

  it("reads the signature date from VERSION", () => {
    expect(clamd.parseVersion("ClamAV 1.4.3/27423/Tue Oct 21 07:35:01 2025")).toEqual({
      status: "ok",
      engine: "1.4.3",
      signatureVersion: 27423,
      signatureDate: new Date("2025-10-21T07:35:01Z"),
      raw: "ClamAV 1.4.3/27423/Tue Oct 21 07:35:01 2025",
    });
    expect(clamd.parseVersion("ClamAV 1.4.6")).toMatchObject({
      status: "ok",
      signatureVersion: null,
      signatureDate: null,
    });
    expect(clamd.parseVersion("hello")).toMatchObject({ status: "error" });
  });
});

describe("rspamd client", () => {
  const envelope = {
    ip: "192.0.2.10",
    hostname: "app.example.com",
    helo: "app.example.com",
    from: "alice@example.com",
    rcpt: ["bob@example.net", "jürgen@example.de"],
    queueId: "Q123",
    user: "app-credential",
  };
  const scored = JSON.stringify({ score: 1.5, required_score: 15, action: "no action", symbols: { B: {}, A: {} } });

  it("posts the message to /checkv2 with the envelope, one Rcpt header per recipient, and no User", async () => {
    await withHttpServer(200, scored, async (url, seen) => {
      const result = await rspamd.check({ url }, Buffer.from("Subject: hi\r\n\r\nhello\r\n"), envelope);
      expect(result).toEqual({
        status: "scored",
        score: 1.5,
        requiredScore: 15,
        action: "no action",
        symbols: ["A", "B"],
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ method: "POST", url: "/checkv2", body: "Subject: hi\r\n\r\nhello\r\n" });
      const headers = headerPairs(seen[0].rawHeaders);
      expect(
        headers.filter(([name]) => ["ip", "hostname", "helo", "from", "rcpt", "queue-id", "user"].includes(name)),
      ).toEqual([
        ["ip", "192.0.2.10"],
        ["hostname", "app.example.com"],
        ["helo", "app.example.com"],
        ["from", "alice@example.com"],
        ["queue-id", "Q123"],
        ["rcpt", "bob@example.net"],
        // The UTF-8 bytes as they are (the server reads them as Latin-1 here).
        ["rcpt", Buffer.from("jürgen@example.de", "utf8").toString("latin1")],
      ]);
    });
  });

  it("sends User only when asked to", async () => {
    await withHttpServer(200, scored, async (url, seen) => {
      await rspamd.check({ url, sendUser: true }, Buffer.from("x"), envelope);
      expect(headerPairs(seen[0].rawHeaders)).toContainEqual(["user", "app-credential"]);
    });
  });

  it("keeps line breaks out of header values", async () => {
    await withHttpServer(200, scored, async (url, seen) => {
      await rspamd.check({ url }, Buffer.from("x"), { helo: "evil\r\nUser: admin" });
      expect(headerPairs(seen[0].rawHeaders)).toContainEqual(["helo", "evil  User: admin"]);
      expect(headerPairs(seen[0].rawHeaders).map(([name]) => name)).not.toContain("user");
    });
  });

  it("is an error, not a score, for an HTTP error, an error reply or a reply without a score", async () => {
    await withHttpServer(500, '{"error":"invalid command"}', async (url) => {
      expect(await rspamd.check({ url }, Buffer.from("x"))).toEqual({
        status: "error",
        detail: "rspamd: HTTP 500 Internal Server Error",
      });
    });
    await withHttpServer(200, '{"action":"no action","symbols":{}}', async (url) => {
      expect(await rspamd.check({ url }, Buffer.from("x"))).toEqual({
        status: "error",
        detail: "rspamd: no score in the reply",
      });
    });
    expect(rspamd.parseReply('{"error":"bad request"}')).toEqual({ status: "error", detail: "rspamd: bad request" });
    expect(rspamd.parseReply('{"score":1,"action":"no action"}')).toMatchObject({ status: "error" });
    expect(rspamd.parseReply("<html>")).toEqual({ status: "error", detail: "rspamd: reply is not JSON" });
  });

  it("is an error when no reply comes in time, or nothing listens", async () => {
    await withHttpServer(200, null, async (url) => {
      expect(await rspamd.check({ url, timeoutMs: 200 }, Buffer.from("x"))).toEqual({
        status: "error",
        detail: "rspamd: no reply within 200 ms",
      });
    });
    await withTcpServer(null, async (port) => {
      // Accepts the connection but is no HTTP server: silence, then the deadline.
      expect(await rspamd.check({ url: `http://127.0.0.1:${port}`, timeoutMs: 200 }, Buffer.from("x"))).toMatchObject({
        status: "error",
      });
    });
    expect(await rspamd.check({ url: "http://127.0.0.1:1" }, Buffer.from("x"))).toMatchObject({
      status: "error",
      detail: expect.stringContaining("ECONNREFUSED"),
    });
    expect(await rspamd.check({ url: "not a url" }, Buffer.from("x"))).toMatchObject({ status: "error" });
  });
});
