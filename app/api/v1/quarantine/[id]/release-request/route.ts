// POST /api/v1/quarantine/{id}/release-request – ask for a release, with a reason.

import { requestRelease } from "@/lib/quarantine/request-release";
import { requestReleaseOperation } from "@/lib/server/api/operations/quarantine";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(requestReleaseOperation, ({ actor, params, body }) =>
  requestRelease({ actor, input: { ...body, quarantineId: params.id } }),
);
