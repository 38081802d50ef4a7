import { AppError } from "@/lib/errors";

// A small, strict MIME reader: just what an ARF report (RFC 5965) needs — header blocks,
// Content-Type parameters, one level of multipart, transfer decoding, RFC 2047 encoded words.
// Text is normalized to LF line endings before any of this runs.

export const MAX_HEADER_LINES = 2_000;
export const MAX_PARTS = 20;
const MAX_BOUNDARY_CHARS = 200;

export interface HeaderField {
  name: string;
  value: string;
}

export class HeaderMap {
  constructor(readonly fields: HeaderField[]) {}

  all(name: string): string[] {
    const lower = name.toLowerCase();
    return this.fields.filter((f) => f.name.toLowerCase() === lower).map((f) => f.value);
  }

  get(name: string): string | null {
    return this.all(name)[0] ?? null;
  }
}

// Longest header value the helpers below look at: keeps every regex on a short string.
export const MAX_VALUE_CHARS = 2_000;

const invalid = (message: string) => new AppError("validation_failed", message);

// Printable US-ASCII except the colon (RFC 5322 ftext).
const FIELD_LINE = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/;

// Unfolds a header block. strict: a line that is neither a field nor a continuation is an error
// naming `where`; otherwise such lines are skipped (for the quoted original message, which
// feedback providers sometimes redact or mangle).
export function parseHeaderBlock(text: string, where: string, { strict }: { strict: boolean }): HeaderMap {
  const lines = text.split("\n");
  if (lines.length > MAX_HEADER_LINES) throw invalid(`The ${where} has more than ${MAX_HEADER_LINES} header lines.`);
  const fields: HeaderField[] = [];
  let current: HeaderField | null = null;
  lines.forEach((line, index) => {
    if (line === "") return;
    if (/^[ \t]/.test(line)) {
      if (current) current.value += ` ${line.trim()}`;
      else if (strict) throw invalid(`The ${where} starts with a continuation line (line ${index + 1}).`);
      return;
    }
    const match = FIELD_LINE.exec(line);
    if (!match) {
      if (strict) throw invalid(`Line ${index + 1} of the ${where} is not a 'Name: value' header field.`);
      current = null;
      return;
    }
    current = { name: match[1], value: match[2].trim() };
    fields.push(current);
  });
  return new HeaderMap(fields);
}

// Splits an entity at its first empty line. Without one, everything is header.
export function splitEntity(text: string): { head: string; body: string; hasBody: boolean } {
  const at = text.startsWith("\n") ? 0 : text.indexOf("\n\n");
  if (at < 0) return { head: text, body: "", hasBody: false };
  return { head: text.slice(0, at), body: text.slice(at + (at === 0 ? 1 : 2)), hasBody: true };
}

export interface ContentType {
  type: string;
  params: Record<string, string>;
}

// "type/subtype; name=value; name="quoted \" value"" → lower-cased type and parameter names.
export function parseContentType(header: string | null): ContentType | null {
  if (!header) return null;
  const value = header.slice(0, MAX_VALUE_CHARS);
  const semi = value.indexOf(";");
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) return null;
  const params: Record<string, string> = {};
  let rest = semi < 0 ? "" : value.slice(semi + 1);
  while (rest.trim()) {
    const match = /^\s*([^=;\s]+)\s*=\s*/.exec(rest);
    if (!match) {
      // A stray token (or an empty ";"): skip to the next parameter.
      const next = rest.indexOf(";");
      rest = next < 0 ? "" : rest.slice(next + 1);
      continue;
    }
    const name = match[1].toLowerCase();
    rest = rest.slice(match[0].length);
    let paramValue = "";
    if (rest.startsWith('"')) {
      let i = 1;
      for (; i < rest.length && rest[i] !== '"'; i++) {
        if (rest[i] === "\\" && i + 1 < rest.length) i++;
        paramValue += rest[i];
      }
      rest = rest.slice(i + 1);
    } else {
      const end = rest.search(/[;\s]/);
      paramValue = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? "" : rest.slice(end);
    }
    const next = rest.indexOf(";");
    rest = next < 0 ? "" : rest.slice(next + 1);
    params[name] ??= paramValue;
  }
  return { type, params };
}

// Linear, unlike /[ \t]+$/ on a long run of blanks.
function trimTransportPadding(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  return line.slice(0, end);
}

// The parts of a multipart body (preamble and epilogue dropped). Missing delimiters are errors:
// a report cut short in transit or in an upload must not be half-read.
export function splitMultipart(body: string, boundary: string, where: string): string[] {
  if (!boundary || boundary.length > MAX_BOUNDARY_CHARS)
    throw invalid(`The ${where} has ${boundary ? "an over-long" : "no"} boundary parameter.`);
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | null = null;
  let closed = false;
  for (const line of body.split("\n")) {
    const trimmed = line.startsWith(delimiter) ? trimTransportPadding(line) : null;
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(current.join("\n"));
      if (parts.length > MAX_PARTS) throw invalid(`The ${where} has more than ${MAX_PARTS} parts.`);
      if (trimmed !== delimiter) {
        closed = true;
        break;
      }
      current = [];
    } else if (current) {
      current.push(line);
    }
  }
  if (!closed && parts.length === 0 && current === null)
    throw invalid(`The ${where} has no part: the boundary "${boundary}" never appears in the body.`);
  if (!closed) throw invalid(`The ${where} is truncated: the closing boundary "--${boundary}--" is missing.`);
  return parts;
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=[ \t]*\n/g, "");
  const chunks: Buffer[] = [];
  // Runs of literal text, and "=XX" escapes (a lone "=" stays literal).
  for (const [, literal, hex] of soft.matchAll(/([^=]+|=(?![0-9A-Fa-f]{2}))|=([0-9A-Fa-f]{2})/g)) {
    chunks.push(hex ? Buffer.from([Number.parseInt(hex, 16)]) : Buffer.from(literal, "utf8"));
  }
  return Buffer.concat(chunks);
}

// Undoes Content-Transfer-Encoding (7bit/8bit/binary pass through).
export function decodeTransfer(body: string, encoding: string | null, where: string): string {
  const name = (encoding ?? "7bit").trim().toLowerCase();
  if (name === "base64") {
    const compact = body.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw invalid(`The ${where} claims base64 but is not valid base64.`);
    return Buffer.from(compact, "base64").toString("utf8").replace(/\r\n?/g, "\n");
  }
  if (name === "quoted-printable") return decodeQuotedPrintable(body).toString("utf8").replace(/\r\n?/g, "\n");
  if (["7bit", "8bit", "binary"].includes(name)) return body;
  throw invalid(`The ${where} has an unknown Content-Transfer-Encoding "${encoding}".`);
}

function decodeWord(charset: string, encoding: string, text: string): string {
  const bytes =
    encoding.toLowerCase() === "b" ? Buffer.from(text, "base64") : decodeQuotedPrintable(text.replace(/_/g, " "));
  try {
    return new TextDecoder(charset.replace(/\*.*$/, "").toLowerCase(), { fatal: false }).decode(bytes);
  } catch {
    return bytes.toString("latin1");
  }
}

// RFC 2047 "=?charset?B|Q?...?=" words in a header value, for display (Subject, From names).
export function decodeEncodedWords(header: string): string {
  return header
    .slice(0, MAX_VALUE_CHARS)
    .replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?)/g, "$1")
    .replace(/=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g, (_all, charset: string, encoding: string, text: string) =>
      decodeWord(charset, encoding, text),
    );
}

// The addr-spec of "Name <a@b>", "<a@b>" or "a@b"; null when there is none.
export function addressOf(header: string | null): string | null {
  if (!header) return null;
  const value = header.slice(0, MAX_VALUE_CHARS);
  const angled = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  const bare = angled ? angled[1] : /[^\s<>,;:"()]+@[^\s<>,;:"()]+/.exec(value)?.[0];
  return bare ? bare.slice(0, 320) : null;
}

// "<id@host>" whatever the provider did to the brackets and spacing; null when empty.
export function normalizeMessageId(header: string | null): string | null {
  if (!header) return null;
  const value = header.slice(0, MAX_VALUE_CHARS);
  const angled = /<([^<>]+)>/.exec(value);
  const id = (angled ? angled[1] : value).trim().replace(/\s+/g, "");
  return id ? `<${id}>`.slice(0, 998) : null;
}
