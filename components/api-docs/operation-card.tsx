import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

const METHOD_TONES: Record<string, BadgeTone> = { get: "blue", post: "green", patch: "amber", delete: "red" };

export interface RenderedOperation {
  method: string;
  path: string;
  summary: string;
  description: string;
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: unknown;
  responseSchema?: unknown;
}

function SchemaBlock({ title, schema }: { title: string; schema: unknown }) {
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-xs font-medium text-slate-600 dark:text-slate-400">{title}</summary>
      <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">
        {JSON.stringify(schema, null, 2)}
      </pre>
    </details>
  );
}

export function OperationCard({ operation }: { operation: RenderedOperation }) {
  return (
    <Card className="p-4" data-testid={`operation-${operation.method}-${operation.path}`}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={METHOD_TONES[operation.method] ?? "neutral"}>{operation.method.toUpperCase()}</Badge>
        <code className="text-sm font-medium">{operation.path}</code>
      </div>
      <p className="mt-1 text-sm">{operation.summary}</p>
      <p className="text-xs text-slate-500">{operation.description}</p>
      {operation.parameters.length ? (
        <table className="mt-2 w-full text-xs">
          <tbody>
            {operation.parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-2 font-mono">{p.name}</td>
                <td className="py-1 pr-2 text-slate-500">{p.in}</td>
                <td className="py-1 pr-2">{p.required ? "required" : "optional"}</td>
                <td className="py-1 font-mono text-slate-500">{JSON.stringify(p.schema).slice(0, 120)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {operation.requestBody ? <SchemaBlock title="Request body" schema={operation.requestBody} /> : null}
      {operation.responseSchema ? <SchemaBlock title="Response" schema={operation.responseSchema} /> : null}
    </Card>
  );
}
