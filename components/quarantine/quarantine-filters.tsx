import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/errors";
import { QUARANTINE_STATUS_LABELS } from "@/lib/quarantine/labels";

export interface QuarantineFilterValues {
  status?: string;
  sender?: string;
  rule?: string;
  relay?: string;
}

// A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared.
export function QuarantineFilters({
  values,
  relays,
  errors,
}: {
  values: QuarantineFilterValues;
  relays: { id: string; name: string }[];
  errors?: FieldErrors;
}) {
  return (
    <form
      method="get"
      className="grid gap-3 border-b border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-5 dark:border-slate-800"
      data-testid="quarantine-filters"
    >
      <Field label="Status" htmlFor="q-status" error={errors?.status}>
        <Select id="q-status" name="status" defaultValue={values.status ?? ""}>
          <option value="">Any</option>
          {Object.entries(QUARANTINE_STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Sender" htmlFor="q-sender" error={errors?.sender}>
        <Input id="q-sender" name="sender" defaultValue={values.sender} placeholder="name, From address or id" />
      </Field>
      <Field label="Rule or verdict" htmlFor="q-rule" error={errors?.rule}>
        <Input id="q-rule" name="rule" defaultValue={values.rule} placeholder="e.g. Card numbers, virus" />
      </Field>
      <Field label="Relay" htmlFor="q-relay" error={errors?.relay}>
        <Select id="q-relay" name="relay" defaultValue={values.relay ?? ""}>
          <option value="">Any</option>
          {relays.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex items-end gap-2">
        <Button type="submit" data-testid="quarantine-filter-apply">
          Filter
        </Button>
        <Button asChild variant="ghost">
          <a href="/quarantine">Clear</a>
        </Button>
      </div>
    </form>
  );
}
