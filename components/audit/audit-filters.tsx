import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/errors";

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

// A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared.
export function AuditFilters({
  values,
  actions,
  errors,
}: {
  values: AuditFilterValues;
  actions: string[];
  errors?: FieldErrors;
}) {
  return (
    <form
      method="get"
      className="grid gap-3 border-b border-slate-200 p-4 sm:grid-cols-3 lg:grid-cols-6 dark:border-slate-800"
      data-testid="audit-filters"
    >
      <Field label="Actor" htmlFor="f-actor" error={errors?.actor}>
        <Input id="f-actor" name="actor" defaultValue={values.actor} placeholder="email contains" />
      </Field>
      <Field label="Action" htmlFor="f-action" error={errors?.action}>
        <Input
          id="f-action"
          name="action"
          defaultValue={values.action}
          list="audit-actions"
          placeholder="user.create or user."
        />
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </Field>
      <Field label="Target" htmlFor="f-target" error={errors?.target}>
        <Input id="f-target" name="target" defaultValue={values.target} placeholder="id or type" />
      </Field>
      <Field label="From (UTC day)" htmlFor="f-from" error={errors?.from}>
        <Input id="f-from" name="from" type="date" defaultValue={values.from} />
      </Field>
      <Field label="To (UTC day)" htmlFor="f-to" error={errors?.to}>
        <Input id="f-to" name="to" type="date" defaultValue={values.to} />
      </Field>
      <div className="flex items-end gap-2">
        <Button type="submit" data-testid="audit-filter-apply">
          Filter
        </Button>
        <Button asChild variant="ghost">
          <a href="/audit">Clear</a>
        </Button>
      </div>
    </form>
  );
}
