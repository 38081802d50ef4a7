// GET /api/v1/suppressions – the suppression list, filtered and paginated; POST – suppress an address by hand.

import { addSuppressionOperation, listSuppressionsOperation } from "@/lib/server/api/operations/suppressions";
import { apiRoute } from "@/lib/server/http/api-route";
import { addSuppression } from "@/lib/suppressions/add-suppression";
import { listSuppressions } from "@/lib/suppressions/list-suppressions";

export const GET = apiRoute(listSuppressionsOperation, ({ query }) => listSuppressions(query));

export const POST = apiRoute(addSuppressionOperation, ({ actor, body }) => addSuppression({ actor, input: body }));
