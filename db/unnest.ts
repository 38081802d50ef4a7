import { type SQL, sql } from "drizzle-orm";

// Rows passed column-wise, one array parameter per column: `insert … select * from unnest(…)`
// sends a 1,000-row batch as a handful of parameters instead of one per value, and PostgreSQL
// plans it once whatever the row count. Types are SQL type names (trusted, never user input).
// Each array is sent as text[] and cast: PGlite can only serialize arrays of types it knows
// (not our enums).
export type UnnestColumn = readonly [values: readonly unknown[], sqlType: string];

export function unnest(columns: readonly UnnestColumn[]): SQL {
  return sql`unnest(${sql.join(
    columns.map(([values, sqlType]) => sql`${sql.param(values)}::text[]::${sql.raw(sqlType)}[]`),
    sql`, `,
  )})`;
}
