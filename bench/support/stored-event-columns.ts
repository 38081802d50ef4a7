import { getTableColumns } from "drizzle-orm";
import { deliveryEvents, type NewDeliveryEvent } from "@/db/schema";
import { sqlColumnName } from "./column-names";

// The columns of delivery_events that a stored relay event fills, taken from the drizzle schema
// (received_at is left out: the database's clock stamps it). A row must name every one of them,
// so a column added to the schema fails the type check until the bench fills it too.
export type StoredEventRow = { [K in keyof Required<Omit<NewDeliveryEvent, "receivedAt">>]: unknown };

const ALL_COLUMNS = getTableColumns(deliveryEvents);

export const STORED_EVENT_COLUMNS = (Object.keys(ALL_COLUMNS) as (keyof typeof ALL_COLUMNS)[])
  .filter((key): key is keyof StoredEventRow => key !== "receivedAt")
  .map((key) => ({ key, name: sqlColumnName(ALL_COLUMNS[key]), sqlType: ALL_COLUMNS[key].getSQLType() }));

// A row's values in STORED_EVENT_COLUMNS order.
export const storedRowValues = (row: StoredEventRow): unknown[] => STORED_EVENT_COLUMNS.map((c) => row[c.key]);
