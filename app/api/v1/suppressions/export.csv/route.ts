// GET /api/v1/suppressions/export.csv – the suppression list with the same filters, as CSV.

import { exportSuppressionsOperation } from "@/lib/server/api/operations/suppressions";
import { apiRoute } from "@/lib/server/http/api-route";
import { exportSuppressionsCsv, suppressionsCsvName } from "@/lib/suppressions/export-suppressions";

export const GET = apiRoute(exportSuppressionsOperation, async ({ actor, query }) => {
  const csv = await exportSuppressionsCsv({ actor, input: query });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${suppressionsCsvName()}"`,
      "cache-control": "no-store",
    },
  });
});
