import type { Actor } from "@/lib/audit/actor";
import { AppError, toErrorBody } from "@/lib/errors";
import type { UploadComplaintsInput } from "@/lib/validations/complaints";
import { ARF_MAX_BYTES } from "./limits";
import { type ComplaintResult, recordComplaint } from "./record-complaint";

// index: the file's position in the upload (names may repeat).
export type FileOutcome = { index: number; name: string } & (
  | { ok: true; result: ComplaintResult }
  | { ok: false; code: string; message: string }
);

// Several uploaded reports, each recorded on its own: one malformed file names its problem and
// does not stop the others.
export async function recordComplaintFiles({
  actor,
  input,
}: {
  actor: Actor;
  input: UploadComplaintsInput;
}): Promise<{ files: FileOutcome[] }> {
  const { files, reports } = input;
  const items: { name: string; read: () => Promise<Buffer | string>; size: number }[] = [
    ...files.map((file, i) => ({
      name: (file as File).name || `file ${i + 1}`,
      size: file.size,
      read: async () => Buffer.from(await file.arrayBuffer()),
    })),
    ...(reports ?? []).map((r) => ({ name: r.name, size: Buffer.byteLength(r.content), read: async () => r.content })),
  ];
  const outcomes: FileOutcome[] = [];
  for (const [index, item] of items.entries()) {
    try {
      if (item.size > ARF_MAX_BYTES)
        throw new AppError("payload_too_large", `The report is larger than ${ARF_MAX_BYTES / 1024 / 1024} MB.`);
      outcomes.push({
        index,
        name: item.name,
        ok: true,
        result: await recordComplaint({ actor, input: { report: await item.read() } }),
      });
    } catch (error) {
      const body = toErrorBody(error, "complaint upload");
      outcomes.push({ index, name: item.name, ok: false, code: body.code, message: body.message });
    }
  }
  return { files: outcomes };
}
