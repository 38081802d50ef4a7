import { createPrivateKey } from "node:crypto";
import { createRequire } from "node:module";
import { authenticate } from "mailauth";
import { describe, expect, it } from "vitest";
import { makeFixture, stubResolver } from "./support/policy-fixture";

// The plugin's RSA DKIM signer (body hashed while DATA arrives, lib/dkim-body-hash.js) on real
// Haraka transactions, without a Haraka process: its signature must verify (mailauth) and, where
// haraka-plugin-dkim's DKIMSignStream is right, carry the body hash DKIMSignStream makes and name
// the same headers, plus the oversigned ones (From, Sender, Reply-To, Subject once more than present).

const require = createRequire(import.meta.url);
const { signTransaction, watchBody } = require("../../relay/plugin/lib/dkim-signer.js");
const { RelaxedBodyHash } = require("../../relay/plugin/lib/dkim-body-hash.js");
const { createTransaction } = require("Haraka/transaction.js");
const { DKIMSignStream } = require("haraka-plugin-dkim/lib/dkim");

const { keys } = makeFixture();
const dkim = {
  domain: keys.billing.domain,
  selector: keys.billing.selector,
  algorithm: "rsa",
  key: createPrivateKey(keys.billing.privateKeyPem),
};
const HEADERS = [
  "From: Invoices <invoices@billing.example>",
  "To: customer@example.net,\r\n\tother@example.net",
  "Subject:  Invoice\t 42 ",
  "Date: Mon, 1 Jun 2026 10:00:00 +0000",
];

type Txn = {
  header: { get(name: string): string };
  message_stream: { pipe(d: unknown, o: object): void; get_data(cb: (b: Buffer) => void): void };
};

// A transaction that received `body` (lines as the client sends them, dot-stuffed) over DATA.
async function received(body: string, { watched = true, headers = HEADERS } = {}): Promise<Txn> {
  const txn = createTransaction(undefined, {});
  if (watched) watchBody(txn);
  const wire = `${headers.join("\r\n")}\r\n\r\n${body}`.replace(/^\./gm, "..");
  for (const line of wire.split(/(?<=\n)/)) if (line) txn.add_data(Buffer.from(line));
  await new Promise<void>((resolve) => txn.end_data(resolve));
  return txn;
}

// What the plugin did before: the stored message replayed through DKIMSignStream.
function dkimSignStream(txn: Txn): Promise<string> {
  return new Promise((resolve, reject) => {
    const props = {
      domain: dkim.domain,
      selector: dkim.selector,
      private_key: dkim.key,
      headers: require("../../relay/plugin/lib/dkim-signer.js").SIGNED_HEADERS,
      body_canon: "relaxed",
    };
    const stream = new DKIMSignStream(props, txn.header, (err: Error | null, header: string) =>
      err ? reject(err) : resolve(header),
    );
    txn.message_stream.pipe(stream, {});
  });
}

async function signedMessage(txn: Txn): Promise<Buffer> {
  await signTransaction(txn, dkim);
  return new Promise((resolve) => txn.message_stream.get_data(resolve));
}

async function verify(message: Buffer) {
  const result = await authenticate(message, {
    resolver: stubResolver([keys.billing]),
    ip: "127.0.0.1",
    helo: "relay.test",
    sender: "invoices@billing.example",
    disableArc: true,
    disableBimi: true,
  });
  return result.dkim.results.map((r: { status: { result: string } }) => r.status.result);
}

const BODIES: Record<string, string> = {
  plain: "Your invoice.\r\n",
  "runs of spaces and tabs, trailing and leading whitespace": "a  b\t\tc \t\r\n\t  indented\r\n   \r\nend   \r\n",
  "trailing empty lines": "text\r\n\r\n\r\n \r\n\t\r\n",
  "empty lines inside": "one\r\n\r\n\r\ntwo\r\n",
  "dot-stuffed lines": ".\r\n..two dots\r\n.one\r\nmid.dle\r\n",
  "bare LF line breaks": "one\ntwo  \nthree\r\n",
  "long lines": `${"x".repeat(5000)}\r\n${"word ".repeat(2000)}\r\n`,
  "large body": "Lorem ipsum dolor sit amet,  consectetur\tadipiscing elit. \r\n".repeat(2000),
};

describe("RSA DKIM signing with the body hashed during DATA", () => {
  for (const [name, body] of Object.entries(BODIES)) {
    it(`verifies and matches DKIMSignStream: ${name}`, async () => {
      const [ours, reference] = await Promise.all([received(body), received(body, { watched: false })]);
      const expected = await dkimSignStream(reference);
      const message = await signedMessage(ours);
      const tag = (header: string, t: string) => new RegExp(`\\b${t}=([^;]+);`).exec(header.replace(/\s+/g, ""))?.[1];
      const signature = ours.header.get("DKIM-Signature");
      expect(tag(signature, "bh")).toBe(tag(expected, "bh"));
      expect(tag(signature, "h")).toBe(
        tag(expected, "h")?.replace(/^from:subject/, "from:from:sender:reply-to:subject:subject"),
      );
      expect(await verify(message)).toEqual(["pass"]);
    });
  }

  // DKIMSignStream hashes an empty body as CRLF, doubles the line break it adds to a last line
  // without one and cuts a line at a bare CR; RFC 6376 (and verifiers) do none of that, so here
  // only verification counts.
  const DKIMSIGNSTREAM_WRONG = {
    "empty body": "",
    "only empty lines": "\r\n\r\n",
    "no final line break": "Your invoice.",
    "bare CR inside a line": "one\rtwo\r\n",
  };
  for (const [name, body] of Object.entries(DKIMSIGNSTREAM_WRONG)) {
    it(`verifies: ${name}`, async () => {
      expect(await verify(await signedMessage(await received(body)))).toEqual(["pass"]);
    });
  }

  it("signs a repeated header bottom-up and names it once per instance", async () => {
    const txn = await received("hi\r\n", { headers: [...HEADERS, "Cc: a@example.net", "Cc: b@example.net"] });
    const message = await signedMessage(txn);
    expect(txn.header.get("DKIM-Signature")).toMatch(/h=from:from:sender:reply-to:subject:subject:date:to:cc:cc;/);
    expect(await verify(message)).toEqual(["pass"]);
  });

  it("falls back to replaying the stored message when DATA was not watched", async () => {
    const body = BODIES["runs of spaces and tabs, trailing and leading whitespace"];
    const [unwatched, watched] = await Promise.all([received(body, { watched: false }), received(body)]);
    await Promise.all([signTransaction(unwatched, dkim), signTransaction(watched, dkim)]);
    expect(unwatched.header.get("DKIM-Signature")).toBe(watched.header.get("DKIM-Signature"));
  });

  it("hashes the same however the input is split into chunks", () => {
    const message = Buffer.from(
      `X: y\r\n\r\n${BODIES["runs of spaces and tabs, trailing and leading whitespace"]}..dot\r\n\r\nx\r\r\n \r\n`,
    );
    const whole = new RelaxedBodyHash({ dotStuffed: true });
    whole.update(message);
    const expected = whole.digest();
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const split = new RelaxedBodyHash({ dotStuffed: true });
      for (let i = 0; i < message.length; i += size) split.update(message.subarray(i, i + size));
      expect(split.digest(), `chunks of ${size}`).toBe(expected);
    }
  });
});
