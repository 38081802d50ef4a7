// POST /api/v1/content-profiles/{id}/dry-run – the profile's DLP rules on a pasted sample, redacted.
// The sample is neither stored nor logged (nor is it in any error message).

import { dryRunDlp } from "@/lib/content/dry-run";
import { dryRunDlpOperation } from "@/lib/server/api/operations/content-profiles";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(dryRunDlpOperation, ({ params, body }) => dryRunDlp({ ...body, profileId: params.id }));
