import fs from "node:fs";
import path from "node:path";

// Where the sink keeps what it received: one raw .eml per message and index.jsonl, one JSON line
// per message, so `npm run sink:list` and tests can read it without parsing MIME.

export const INDEX_FILE = "index.jsonl";

export interface SinkMessage {
  file: string;
  receivedAt: string;
  from: string;
  to: string[];
  headerFrom: string | null;
  subject: string | null;
  messageId: string | null;
  size: number;
  dkimSignature: boolean;
  remoteAddress: string | null;
}

// Unfolded header fields of a raw message (name lower-cased → values in order).
export function parseHeaders(raw: Buffer): Map<string, string[]> {
  const end = raw.indexOf("\r\n\r\n");
  const head = raw.subarray(0, end === -1 ? raw.length : end).toString("utf8");
  const fields = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
}

export function storeMessage(
  dir: string,
  raw: Buffer,
  envelope: { from: string; to: string[]; remoteAddress: string | null },
): SinkMessage {
  fs.mkdirSync(dir, { recursive: true });
  const receivedAt = new Date();
  const file = `${receivedAt.getTime()}-${Math.random().toString(36).slice(2, 10)}.eml`;
  fs.writeFileSync(path.join(dir, file), raw);
  const headers = parseHeaders(raw);
  const entry: SinkMessage = {
    file,
    receivedAt: receivedAt.toISOString(),
    from: envelope.from,
    to: envelope.to,
    headerFrom: headers.get("from")?.[0] ?? null,
    subject: headers.get("subject")?.[0] ?? null,
    messageId: headers.get("message-id")?.[0] ?? null,
    size: raw.length,
    dkimSignature: headers.has("dkim-signature"),
    remoteAddress: envelope.remoteAddress,
  };
  fs.appendFileSync(path.join(dir, INDEX_FILE), `${JSON.stringify(entry)}\n`);
  return entry;
}

export function listMessages(dir: string): SinkMessage[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, INDEX_FILE), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SinkMessage);
}

export function readRaw(dir: string, message: SinkMessage): Buffer {
  return fs.readFileSync(path.join(dir, message.file));
}
