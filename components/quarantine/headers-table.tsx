import { EmptyState } from "@/components/ui/empty-state";

// The message's headers as the relay received them, in their order.
export function HeadersTable({ headers }: { headers: [string, string][] }) {
  if (headers.length === 0) return <EmptyState title="The relay reported no headers." />;
  return (
    <dl
      className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 px-4 py-3 font-mono text-xs"
      data-testid="quarantine-headers"
    >
      {headers.map(([name, value], index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: headers repeat (Received) and keep their order
        <div key={index} className="contents">
          <dt className="text-slate-500">{name}:</dt>
          <dd className="min-w-0 break-all whitespace-pre-wrap">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
