import type { Metadata } from "next";
import { OperationCard, type RenderedOperation } from "@/components/api-docs/operation-card";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";
import { openApiDocument } from "@/lib/server/api/openapi";

export const metadata: Metadata = { title: "API" };

type OpenApiOperation = {
  summary: string;
  description: string;
  tags: string[];
  parameters: RenderedOperation["parameters"];
  requestBody?: { description?: string; content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: { "application/json": { schema: unknown } } }>;
};

// Renders the same OpenAPI document that /api/v1/openapi.json serves.
export default async function ApiDocsPage() {
  await requirePage("overview:read");
  const document = openApiDocument() as {
    info: { description: string };
    paths: Record<string, Record<string, OpenApiOperation>>;
  };
  const byTag = new Map<string, RenderedOperation[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const success = Object.entries(op.responses).find(([status]) => status.startsWith("2"))?.[1];
      const list = byTag.get(op.tags[0]) ?? [];
      list.push({
        method,
        path,
        summary: op.summary,
        description: op.description,
        parameters: op.parameters,
        // A raw (non-JSON) body is shown as its description and media types.
        requestBody: op.requestBody
          ? (op.requestBody.content["application/json"]?.schema ?? op.requestBody)
          : undefined,
        responseSchema: success?.content?.["application/json"].schema,
      });
      byTag.set(op.tags[0], list);
    }
  }
  return (
    <>
      <PageHeader
        title="Management API"
        description={
          <>
            {document.info.description}{" "}
            <a
              href="/api/v1/openapi.json"
              className="font-medium text-brand-600 hover:underline"
              data-testid="openapi-link"
            >
              OpenAPI document
            </a>
          </>
        }
      />
      <div className="space-y-8">
        {[...byTag.entries()].map(([tag, operations]) => (
          <section key={tag}>
            <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">{tag}</h2>
            <div className="space-y-3">
              {operations.map((op) => (
                <OperationCard key={`${op.method} ${op.path}`} operation={op} />
              ))}
            </div>
          </section>
        ))}
      </div>
    </>
  );
}
