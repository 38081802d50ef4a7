// POST /api/v1/quarantine/{id}/release-approve – a second person approves a requested release.

import { approveRelease } from "@/lib/quarantine/approve-release";
import { approveReleaseOperation } from "@/lib/server/api/operations/quarantine";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(approveReleaseOperation, ({ actor, params, body }) =>
  approveRelease({ actor, input: { ...body, quarantineId: params.id } }),
);
