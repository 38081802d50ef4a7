import type { Column } from "drizzle-orm";
import { CasingCache } from "drizzle-orm/casing";

// A schema column's name in the database: db/client gives drizzle `casing: "snake_case"`, so a
// column named by its key (relayId) is relay_id there.
const casing = new CasingCache("snake_case");

export const sqlColumnName = (column: Column): string => casing.getColumnCasing(column);
