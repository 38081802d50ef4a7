// GET /api/metrics – operations metrics in the Prometheus text format, for a scraper holding the
// metrics token (SWITCHYARD_METRICS_TOKEN or the metrics.token setting); off (404) without one.
import { toErrorBody } from "@/lib/errors";
import { checkMetricsToken, metricsToken } from "@/lib/server/metrics/metrics-auth";
import { metrics, renderMetrics } from "@/lib/server/metrics/registry";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const access = checkMetricsToken(request.headers.get("authorization"), await metricsToken());
    if (access === "disabled") {
      return Response.json(
        {
          error: {
            code: "not_found",
            message:
              "Metrics are disabled: set SWITCHYARD_METRICS_TOKEN or the metrics.token setting to a token, then scrape with 'Authorization: Bearer <token>'.",
          },
        },
        { status: 404 },
      );
    }
    if (access === "unauthorized") {
      return Response.json(
        { error: { code: "unauthenticated", message: "Send the metrics token as 'Authorization: Bearer <token>'." } },
        { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="switchyard-metrics"' } },
      );
    }
    const body = await renderMetrics();
    return new Response(body, {
      headers: { "Content-Type": metrics().registry.contentType, "Cache-Control": "no-store" },
    });
  } catch (error) {
    return Response.json({ error: toErrorBody(error, "GET /api/metrics") }, { status: 500 });
  }
}
