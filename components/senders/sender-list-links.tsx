import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import type { SenderSort } from "@/lib/senders/labels";

export type ListParams = Record<string, string | undefined>;

export function senderListHref(params: ListParams, overrides: ListParams = {}): string {
  const merged = { ...params, ...overrides };
  const search = new URLSearchParams(Object.entries(merged).filter((entry): entry is [string, string] => !!entry[1]));
  const text = search.toString();
  return text ? `/senders?${text}` : "/senders";
}

// A column header that sorts by its column; clicking the active column flips the direction.
export function SortHeader({
  params,
  column,
  label,
  sort,
  dir,
}: {
  params: ListParams;
  column: SenderSort;
  label: string;
  sort: SenderSort;
  dir: "asc" | "desc";
}) {
  const active = sort === column;
  const nextDir = active && dir === "asc" ? "desc" : "asc";
  const Icon = !active ? ArrowUpDown : dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <Link
      href={senderListHref(params, { sort: column, dir: nextDir, page: undefined })}
      className="inline-flex items-center gap-1 hover:text-slate-800 dark:hover:text-slate-200"
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
      data-testid={`sort-${column}`}
    >
      {label}
      <Icon className={active ? "size-3.5" : "size-3.5 opacity-40"} aria-hidden />
    </Link>
  );
}

export function Pagination({
  params,
  page,
  pageCount,
  total,
}: {
  params: ListParams;
  page: number;
  pageCount: number;
  total: number;
}) {
  return (
    <nav
      className="flex items-center justify-between px-4 py-3 text-sm"
      aria-label="Pagination"
      data-testid="sender-pagination"
    >
      <span className="text-slate-500" data-testid="sender-total">
        {total.toLocaleString("en-US")} sender{total === 1 ? "" : "s"} · page {page} of {pageCount}
      </span>
      <span className="flex gap-3">
        {page > 1 ? (
          <Link
            href={senderListHref(params, { page: String(Math.min(page - 1, pageCount)) })}
            className="font-medium text-brand-600 hover:underline"
            data-testid="sender-prev"
          >
            ← Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link
            href={senderListHref(params, { page: String(page + 1) })}
            className="font-medium text-brand-600 hover:underline"
            data-testid="sender-next"
          >
            Next →
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
