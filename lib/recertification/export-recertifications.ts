import type { RecertificationReportFilter } from "@/lib/validations/recertification";
import { listRecertifications, type RecertificationRow } from "./list-recertifications";
import { recertificationsToCsv } from "./report-csv";

const EXPORT_PAGE = 500;

// Every answer matching the filters (paged through), as CSV with a file name that says when.
export async function exportRecertifications(
  filter: Omit<RecertificationReportFilter, "page" | "limit">,
  now: Date = new Date(),
): Promise<{ csv: string; fileName: string }> {
  const rows: RecertificationRow[] = [];
  for (let page = 1; ; page++) {
    const batch = await listRecertifications({ ...filter, page, limit: EXPORT_PAGE });
    rows.push(...batch.rows);
    if (page >= batch.pageCount) break;
  }
  const stamp = now.toISOString().replace(/[-:]/g, "").slice(0, 13);
  return { csv: recertificationsToCsv(rows), fileName: `recertifications-${stamp}Z.csv` };
}
