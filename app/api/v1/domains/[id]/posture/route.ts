// GET /api/v1/domains/{id}/posture – latest DNS check, DMARC sources, daily pass rate, path to p=reject.

import { getDomainPosture } from "@/lib/posture/get-domain-posture";
import { getDomainPostureOperation } from "@/lib/server/api/operations/posture";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(getDomainPostureOperation, ({ params, query }) =>
  getDomainPosture({ domainId: params.id, days: query.days }),
);
