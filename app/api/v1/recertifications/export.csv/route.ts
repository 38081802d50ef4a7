// GET /api/v1/recertifications/export.csv – the re-certification report as CSV, every matching answer.

import { exportRecertifications } from "@/lib/recertification/export-recertifications";
import { exportRecertificationsOperation } from "@/lib/server/api/operations/recertification";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(exportRecertificationsOperation, async ({ query }) => {
  const { csv, fileName } = await exportRecertifications(query);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
});
