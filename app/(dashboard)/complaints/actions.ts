"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { recordComplaintFiles } from "@/lib/complaints/record-complaint-files";
import { uploadComplaintsSchema } from "@/lib/validations/complaints";

// FormData with one or more `files` (ARF .eml reports), or { reports: [{ name, content }] }.
export const uploadComplaintAction = guardedAction(
  "complaints:submit",
  uploadComplaintsSchema,
  async ({ actor }, input) => {
    const result = await recordComplaintFiles({ actor, input });
    if (result.files.some((f) => f.ok)) revalidatePath("/complaints");
    return result;
  },
);
