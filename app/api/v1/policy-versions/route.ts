// GET /api/v1/policy-versions – policy versions, newest first (keyset on the version).

import { listPolicyVersions } from "@/lib/policy-history/list-versions";
import { listPolicyVersionsOperation } from "@/lib/server/api/operations/policy-history";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listPolicyVersionsOperation, ({ query }) => listPolicyVersions(query));
