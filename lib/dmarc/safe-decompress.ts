import { promisify } from "node:util";
import zlib from "node:zlib";
import { Unzip, UnzipInflate, UnzipPassThrough } from "fflate";
import { AppError } from "@/lib/errors";

// Limits for a report file, checked before and while decompressing, so a small hostile file
// cannot make the server inflate gigabytes: the work stops as soon as a limit is passed.
export const DMARC_MAX_INPUT_BYTES = 10 * 1024 * 1024;
export const DMARC_MAX_XML_BYTES = 32 * 1024 * 1024;
export const DMARC_MAX_ZIP_MEMBERS = 10;
// Compressed bytes handed to the zip inflater at a time: bounds how much one step can inflate
// (deflate expands at most ~1032:1) before the size limit is looked at again.
const ZIP_PUSH_BYTES = 16 * 1024;

export type ReportFormat = "xml" | "gzip" | "zip";

export interface DecompressedReport {
  format: ReportFormat;
  xml: Buffer;
  // The zip member the report came from.
  member?: string;
}

const MB = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
const bad = (message: string) => new AppError("validation_failed", message, { file: [message] });

export function detectFormat(bytes: Uint8Array): ReportFormat | null {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return "gzip";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "zip";
  // XML: optional UTF-8 byte order mark and whitespace, then "<".
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    i < 1024 &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  return bytes[i] === 0x3c ? "xml" : null;
}

const gunzip = promisify(zlib.gunzip);

async function inflateGzip(bytes: Buffer): Promise<Buffer> {
  try {
    // maxOutputLength stops inflating once the output passes the limit (memory stays bounded).
    return await gunzip(bytes, { maxOutputLength: DMARC_MAX_XML_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
      throw bad(
        `The gzip file inflates to more than ${MB(DMARC_MAX_XML_BYTES)}; a DMARC report is never that large. Refused.`,
      );
    }
    if (code === "Z_BUF_ERROR") throw bad("The gzip file is truncated (it ends before the compressed data does).");
    throw bad(`The gzip file is damaged: ${(error as Error).message}.`);
  }
}

const ARCHIVE_NAME = /\.(zip|gz|gzip|tgz|tar|bz2|xz|7z|rar)$/i;

function unzipReport(bytes: Buffer): DecompressedReport {
  const found: { name: string; chunks: Uint8Array[] }[] = [];
  let members = 0;
  let total = 0;
  let failure: AppError | null = null;
  const unzip = new Unzip((file) => {
    if (failure) return;
    // Folders, and the resource forks macOS adds to zips it makes, are not members that count.
    if (file.name.endsWith("/") || file.name.startsWith("__MACOSX/")) return;
    members++;
    if (members > DMARC_MAX_ZIP_MEMBERS) {
      failure = bad(`The zip holds more than ${DMARC_MAX_ZIP_MEMBERS} files; a DMARC report zip holds one. Refused.`);
      return;
    }
    if (ARCHIVE_NAME.test(file.name)) {
      failure = bad(`The zip contains another archive (${file.name}); nested archives are refused.`);
      return;
    }
    if (file.compression !== 0 && file.compression !== 8) {
      failure = bad(
        `${file.name} in the zip uses compression method ${file.compression}; only stored and deflate are supported.`,
      );
      return;
    }
    const entry = { name: file.name, chunks: [] as Uint8Array[] };
    let size = 0;
    file.ondata = (error, data, final) => {
      if (failure) return;
      if (error) {
        failure = bad(`${file.name} in the zip is damaged: ${error.message}.`);
        return;
      }
      size += data.length;
      total += data.length;
      if (size > DMARC_MAX_XML_BYTES || total > DMARC_MAX_XML_BYTES) {
        failure = bad(
          `${file.name} in the zip inflates to more than ${MB(DMARC_MAX_XML_BYTES)}; a DMARC report is never that large. Refused.`,
        );
        file.terminate();
        return;
      }
      if (
        entry.chunks.length === 0 &&
        data.length >= 2 &&
        detectFormat(data) !== "xml" &&
        detectFormat(data) !== null
      ) {
        failure = bad(`${file.name} in the zip is itself compressed; nested archives are refused.`);
        file.terminate();
        return;
      }
      entry.chunks.push(data);
      if (final && /\.xml$/i.test(file.name)) found.push(entry);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for (let offset = 0; offset < bytes.length && !failure; offset += ZIP_PUSH_BYTES) {
      unzip.push(bytes.subarray(offset, offset + ZIP_PUSH_BYTES), offset + ZIP_PUSH_BYTES >= bytes.length);
    }
  } catch (error) {
    if (!failure) failure = bad(`The zip file is damaged: ${(error as Error).message}.`);
  }
  if (failure) throw failure;
  if (found.length === 0)
    throw bad("The zip holds no .xml file (or it is truncated): a DMARC report zip holds one XML report.");
  if (found.length > 1) throw bad(`The zip holds ${found.length} XML files; upload one report at a time.`);
  return { format: "zip", xml: Buffer.concat(found[0].chunks), member: found[0].name };
}

// Plain XML, gzip or zip (detected by their first bytes, not the file name), with size limits
// before and during decompression. Errors are AppErrors whose message names the problem.
export async function safeDecompress(input: Uint8Array): Promise<DecompressedReport> {
  if (input.length === 0) throw bad("The file is empty.");
  if (input.length > DMARC_MAX_INPUT_BYTES) {
    throw new AppError(
      "payload_too_large",
      `The file is ${MB(input.length)}; reports larger than ${MB(DMARC_MAX_INPUT_BYTES)} are refused.`,
      { file: ["Too large"] },
    );
  }
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const format = detectFormat(bytes);
  if (format === "gzip") {
    const xml = await inflateGzip(bytes);
    const inner = detectFormat(xml);
    if (inner === "gzip" || inner === "zip")
      throw bad("The gzip file holds another archive; nested archives are refused.");
    return { format, xml };
  }
  if (format === "zip") return unzipReport(bytes);
  if (format === "xml") return { format, xml: bytes };
  throw bad("This is not a DMARC aggregate report: expected XML, or XML compressed with gzip or zip.");
}
