// POST /api/v1/quarantine/{id}/release-approve – a second person approves a requested release.

import { stepUpFor } from "@/lib/auth/step-up";
import { approveRelease } from "@/lib/quarantine/approve-release";
import { approveReleaseOperation } from "@/lib/server/api/operations/quarantine";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(approveReleaseOperation, async ({ actor, signIn, params, body }) => {
  await stepUpFor.approveRelease(signIn);
  return approveRelease({ actor, input: { ...body, quarantineId: params.id } });
});
