"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { recordComplaintFiles } from "@/lib/complaints/record-complaint-files";

const guardedUpload = guardedAction("complaints:submit", async ({ actor }, input) => {
  const result = await recordComplaintFiles({ actor, input });
  if (result.files.some((f) => f.ok)) revalidatePath("/complaints");
  return result;
});

// FormData with one or more `files` (ARF .eml reports), or { reports: [{ name, content }] }.
export async function uploadComplaintAction(input: unknown) {
  return guardedUpload(input);
}
