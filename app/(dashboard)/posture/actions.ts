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
// posted to /api/v1/dmarc-reports by the form instead).
const guardedUpload = guardedAction("domains:manage", async ({ actor }, input) => {
  const file = (input as Record<string, unknown> | null)?.file;
  if (!(file instanceof Blob) || file.size === 0) throw new AppError("validation_failed", "Choose a report file.", { file: ["Choose a report file"] });
  if (file.size > DMARC_MAX_INPUT_BYTES) throw new AppError("payload_too_large", `Reports larger than ${DMARC_MAX_INPUT_BYTES / (1024 * 1024)} MB are refused.`, { file: ["Too large"] });
  const result = await ingestDmarcReport({ actor, input: { file: new Uint8Array(await file.arrayBuffer()), source: "upload" } });
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
