"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { ingestDmarcReport } from "@/lib/dmarc/ingest-report";
import { clearDmarcSourceMark, markDmarcSource } from "@/lib/dmarc/mark-source";
import { DMARC_MAX_INPUT_BYTES } from "@/lib/dmarc/safe-decompress";
import { AppError } from "@/lib/errors";
import { checkDomain } from "@/lib/posture/check-domain";

function revalidatePosture(domainId?: string | null) {
  revalidatePath("/posture");
  if (domainId) revalidatePath(`/posture/${domainId}`);
}

// Every action checks domains:manage on the server before any work; they call the same domain
// functions as the API (lib/posture, lib/dmarc).
const guardedCheck = guardedAction("domains:manage", async ({ actor }, input) => {
  const check = await checkDomain({ actor, input });
  revalidatePosture(check.domainId);
  return { status: check.status, checkedAt: check.checkedAt, durationMs: check.durationMs };
});

// FormData with the report file under "file" (reports above the server action body limit are
// posted to /api/v1/dmarc-reports by the form instead), or { contentBase64 } from scripts.
async function reportBytes(input: unknown): Promise<Uint8Array> {
  const { file, contentBase64 } = (input ?? {}) as { file?: unknown; contentBase64?: unknown };
  const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : typeof contentBase64 === "string" ? new Uint8Array(Buffer.from(contentBase64, "base64")) : null;
  if (!bytes || bytes.byteLength === 0) throw new AppError("validation_failed", "Choose a report file.", { file: ["Choose a report file"] });
  if (bytes.byteLength > DMARC_MAX_INPUT_BYTES) throw new AppError("payload_too_large", `Reports larger than ${DMARC_MAX_INPUT_BYTES / (1024 * 1024)} MB are refused.`, { file: ["Too large"] });
  return bytes;
}

const guardedUpload = guardedAction("domains:manage", async ({ actor }, input) => {
  const result = await ingestDmarcReport({ actor, input: { file: await reportBytes(input), source: "upload" } });
  revalidatePosture(result.domainId);
  return result;
});

const guardedMark = guardedAction("domains:manage", async ({ actor }, input) => {
  const mark = await markDmarcSource({ actor, input });
  revalidatePosture((input as { domainId?: string }).domainId);
  return mark;
});

const guardedClearMark = guardedAction("domains:manage", async ({ actor }, input) => {
  const cleared = await clearDmarcSourceMark({ actor, input });
  revalidatePosture((input as { domainId?: string }).domainId);
  return cleared;
});

export async function checkDomainAction(input: unknown) {
  return guardedCheck(input);
}
export async function uploadDmarcReportAction(input: unknown) {
  return guardedUpload(input);
}
export async function markSourceAction(input: unknown) {
  return guardedMark(input);
}
export async function clearSourceMarkAction(input: unknown) {
  return guardedClearMark(input);
}
