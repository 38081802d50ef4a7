"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { ingestDmarcReport } from "@/lib/dmarc/ingest-report";
import { clearDmarcSourceMark, markDmarcSource } from "@/lib/dmarc/mark-source";
import { DMARC_MAX_INPUT_BYTES } from "@/lib/dmarc/safe-decompress";
import { AppError } from "@/lib/errors";
import { checkDomain } from "@/lib/posture/check-domain";
import {
  checkDomainSchema,
  clearSourceMarkSchema,
  markSourceSchema,
  uploadDmarcReportSchema,
} from "@/lib/validations/posture";

function revalidatePosture(domainId?: string | null) {
  revalidatePath("/posture");
  if (domainId) revalidatePath(`/posture/${domainId}`);
}

// Every action checks domains:manage on the server, then parses its input, before any work; they
// call the same domain functions as the API (lib/posture, lib/dmarc).
export const checkDomainAction = guardedAction("domains:manage", checkDomainSchema, async ({ actor }, input) => {
  const check = await checkDomain({ actor, input });
  revalidatePosture(check.domainId);
  return { status: check.status, checkedAt: check.checkedAt, durationMs: check.durationMs };
});

// The schema hands over the report as a Blob (present, not empty); its size is checked here,
// before its bytes are read, because too large is a 413, which a schema cannot answer.
export const uploadDmarcReportAction = guardedAction(
  "domains:manage",
  uploadDmarcReportSchema,
  async ({ actor }, { file }) => {
    if (file.size > DMARC_MAX_INPUT_BYTES) {
      throw new AppError(
        "payload_too_large",
        `Reports larger than ${DMARC_MAX_INPUT_BYTES / (1024 * 1024)} MB are refused.`,
        { file: ["Too large"] },
      );
    }
    const result = await ingestDmarcReport({
      actor,
      input: { file: new Uint8Array(await file.arrayBuffer()), source: "upload" },
    });
    revalidatePosture(result.domainId);
    return result;
  },
);

export const markSourceAction = guardedAction("domains:manage", markSourceSchema, async ({ actor }, input) => {
  const mark = await markDmarcSource({ actor, input });
  revalidatePosture(input.domainId);
  return mark;
});

export const clearSourceMarkAction = guardedAction(
  "domains:manage",
  clearSourceMarkSchema,
  async ({ actor }, input) => {
    const cleared = await clearDmarcSourceMark({ actor, input });
    revalidatePosture(input.domainId);
    return cleared;
  },
);
