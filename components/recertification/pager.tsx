import Link from "next/link";

// Previous / next links that keep the other query parameters.
export function Pager({
  basePath,
  values,
  page,
  pageCount,
  total,
}: {
  basePath: string;
  values: Record<string, string | undefined>;
  page: number;
  pageCount: number;
  total: number;
}) {
  const href = (p: number) => {
    const params = new URLSearchParams(
      Object.entries({ ...values, page: String(p) }).filter((e): e is [string, string] => !!e[1]),
    );
    return `${basePath}?${params}`;
  };
  return (
    <div className="flex items-center justify-between px-4 py-3 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className="font-medium text-brand-600 hover:underline">
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-500">
        Page {page} of {pageCount} · {total} rows
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} className="font-medium text-brand-600 hover:underline" data-testid="pager-next">
          Older →
        </Link>
      ) : (
        <span />
      )}
    </div>
  );
}
