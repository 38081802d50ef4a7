// POST /api/v1/quarantine/{id}/release-reject – turn a release request down; the message stays held.

import { rejectRelease } from "@/lib/quarantine/reject-release";
import { rejectReleaseOperation } from "@/lib/server/api/operations/quarantine";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(rejectReleaseOperation, ({ actor, params, body }) =>
  rejectRelease({ actor, input: { ...body, quarantineId: params.id } }),
);
