import { SERVER_ACTION_BODY_LIMIT_BYTES } from "@/lib/server/http/body-limits";

// Size limits of complaint reports, shared by the API, the upload form and the parser.
export const ARF_MAX_BYTES = 2 * 1024 * 1024;
export const MAX_COMPLAINT_FILES = 20;
// Uploads go through a server action, whose whole request is capped; leave room for the form.
export const UPLOAD_MAX_TOTAL_BYTES = SERVER_ACTION_BODY_LIMIT_BYTES - 16 * 1024;
