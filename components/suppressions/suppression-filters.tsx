import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/errors";

export interface SuppressionFilterValues {
  q?: string;
  sender?: string;
  status?: string;
}

const STATUSES = [
  ["active", "Active"],
  ["expired", "Expired"],
  ["removed", "Removed"],
  ["all", "All"],
] as const;

// A plain GET form: filters live in the URL, so a filtered view can be bookmarked and exported.
export function SuppressionFilters({ values, errors }: { values: SuppressionFilterValues; errors?: FieldErrors }) {
  return (
    <form
      method="get"
      className="grid gap-3 border-b border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800"
      data-testid="suppression-filters"
    >
      <Field label="Address" htmlFor="s-q" error={errors?.q}>
        <Input id="s-q" name="q" defaultValue={values.q} placeholder="part of the address" />
      </Field>
      <Field label="Sender" htmlFor="s-sender" error={errors?.sender}>
        <Input id="s-sender" name="sender" defaultValue={values.sender} placeholder='name, id or "global"' />
      </Field>
      <Field label="Status" htmlFor="s-status" error={errors?.status}>
        <Select id="s-status" name="status" defaultValue={values.status || "active"}>
          {STATUSES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex items-end gap-2">
        <Button type="submit" data-testid="suppression-filter-apply">
          Search
        </Button>
        <Button asChild variant="ghost">
          <a href="/suppressions">Clear</a>
        </Button>
      </div>
    </form>
  );
}
