import { z } from "zod";
import { ARF_MAX_BYTES, MAX_COMPLAINT_FILES } from "@/lib/complaints/limits";

export const COMPLAINTS_PAGE_SIZE = 50;

// One raw ARF report: the bytes as received (API) or read from an uploaded file.
export const recordComplaintSchema = z.object({
  // z.custom, not z.instanceof: a Node Buffer (Uint8Array<ArrayBufferLike>) must type-check too.
  report: z.union([z.string(), z.custom<Uint8Array>((v) => v instanceof Uint8Array)], {
    error: "report must be the raw report message",
  }),
});

// Empty file inputs still post one nameless, empty File: drop those.
const fileList = z.preprocess(
  (v) =>
    (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).filter(
      (f) => !(f instanceof Blob && f.size === 0 && !(f as File).name),
    ),
  z
    .array(z.instanceof(Blob, { error: "files must be uploaded files" }))
    .max(MAX_COMPLAINT_FILES, `Upload at most ${MAX_COMPLAINT_FILES} reports at a time`),
);

// The upload form posts files; scripts and tests may post the reports' text instead.
export const uploadComplaintsSchema = z
  .object({
    files: fileList,
    reports: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(200),
          content: z.string().min(1, "content must not be empty").max(ARF_MAX_BYTES),
        }),
      )
      .max(MAX_COMPLAINT_FILES, `Upload at most ${MAX_COMPLAINT_FILES} reports at a time`)
      .optional(),
  })
  .refine((v) => v.files.length + (v.reports?.length ?? 0) > 0, {
    message: "Choose at least one report file (.eml)",
    path: ["files"],
  })
  .refine((v) => v.files.length + (v.reports?.length ?? 0) <= MAX_COMPLAINT_FILES, {
    message: `Upload at most ${MAX_COMPLAINT_FILES} reports at a time`,
    path: ["files"],
  });

// Newest first, keyset-paginated: `before` is the cursor of the last row of the previous page.
export const listComplaintsSchema = z.object({
  before: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, "before must be a cursor from the previous page")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  limit: z.coerce.number().int().min(1).max(200).default(COMPLAINTS_PAGE_SIZE),
});

export type RecordComplaintInput = z.infer<typeof recordComplaintSchema>;
export type UploadComplaintsInput = z.infer<typeof uploadComplaintsSchema>;
export type ListComplaintsInput = z.infer<typeof listComplaintsSchema>;
