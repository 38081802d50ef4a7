// GET /api/v1/policy-versions/{version}/diff?against=N – a readable diff between two policy versions.

import { policyVersionDiff } from "@/lib/policy-history/version-diff";
import { diffPolicyVersionOperation } from "@/lib/server/api/operations/policy-history";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(diffPolicyVersionOperation, ({ params, query }) =>
  policyVersionDiff({ input: { ...params, ...query } }),
);
