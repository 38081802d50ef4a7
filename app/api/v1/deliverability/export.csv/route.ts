// GET /api/v1/deliverability/export.csv – one table of the Deliverability page as CSV, same columns.

import { deliverabilityDashboard } from "@/lib/deliverability/dashboard";
import { tableOf } from "@/lib/deliverability/table-columns";
import { csvFileName, tableToCsv } from "@/lib/deliverability/to-csv";
import { exportDeliverabilityOperation } from "@/lib/server/api/operations/deliverability";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(exportDeliverabilityOperation, async ({ query: { table, ...query } }) => {
  const dashboard = await deliverabilityDashboard({ query });
  const { columns, rows } = tableOf(table, dashboard);
  return new Response(tableToCsv(columns, rows as never[]), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFileName(table, dashboard.range)}"`,
      "cache-control": "no-store",
    },
  });
});
