import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/errors";
import { SENDER_KIND_LABELS, SENDER_KINDS, SENDER_STATUS_LABELS, SENDER_STATUSES } from "@/lib/senders/labels";
import type { SenderDomainRef } from "@/lib/senders/sender-view";
import { VENDOR_CATALOG } from "@/lib/senders/vendor-catalog";

export interface SenderFilterValues {
  q?: string;
  status?: string;
  kind?: string;
  vendor?: string;
  domainId?: string;
  needsReview?: string;
  sort?: string;
  dir?: string;
}

// A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared.
// Applying filters starts again at page 1; the current sort is kept.
export function SenderFilters({
  values,
  domains,
  errors,
}: {
  values: SenderFilterValues;
  domains: SenderDomainRef[];
  errors?: FieldErrors;
}) {
  return (
    <form
      method="get"
      className="grid gap-3 border-b border-slate-200 p-4 sm:grid-cols-3 lg:grid-cols-8 dark:border-slate-800"
      data-testid="sender-filters"
    >
      <div className="sm:col-span-3 lg:col-span-2">
        <Field label="Search" htmlFor="f-q" error={errors?.q}>
          <Input id="f-q" name="q" type="search" defaultValue={values.q} placeholder="name, owner team or contact" />
        </Field>
      </div>
      <Field label="Status" htmlFor="f-status" error={errors?.status}>
        <Select id="f-status" name="status" defaultValue={values.status ?? ""}>
          <option value="">Any status</option>
          {SENDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {SENDER_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Kind" htmlFor="f-kind" error={errors?.kind}>
        <Select id="f-kind" name="kind" defaultValue={values.kind ?? ""}>
          <option value="">Any kind</option>
          {SENDER_KINDS.map((k) => (
            <option key={k} value={k}>
              {SENDER_KIND_LABELS[k]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Vendor" htmlFor="f-vendor" error={errors?.vendor}>
        <Select id="f-vendor" name="vendor" defaultValue={values.vendor ?? ""}>
          <option value="">Any vendor</option>
          {VENDOR_CATALOG.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="From domain" htmlFor="f-domain" error={errors?.domainId}>
        <Select id="f-domain" name="domainId" defaultValue={values.domainId ?? ""}>
          <option value="">Any domain</option>
          {domains.map((d) => (
            <option key={d.id} value={d.id}>
              {d.displayName}
              {d.status === "retired" ? " (retired)" : ""}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex flex-wrap items-end gap-x-4 gap-y-2 sm:col-span-3 lg:col-span-2">
        <label className="flex h-9 items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="needsReview"
            value="1"
            defaultChecked={values.needsReview === "1"}
            data-testid="f-needs-review"
          />
          Needs review
        </label>
        {values.sort ? <input type="hidden" name="sort" value={values.sort} /> : null}
        {values.dir ? <input type="hidden" name="dir" value={values.dir} /> : null}
        <div className="flex gap-2">
          <Button type="submit" data-testid="sender-filter-apply">
            Filter
          </Button>
          <Button asChild variant="ghost">
            <a href="/senders">Clear</a>
          </Button>
        </div>
      </div>
    </form>
  );
}
