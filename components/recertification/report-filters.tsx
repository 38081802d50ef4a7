import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/errors";

export interface FilterField {
  name: string;
  label: string;
  kind: "text" | "date" | "select";
  placeholder?: string;
  options?: { value: string; label: string }[];
}

// A plain GET form: the filters live in the URL (bookmarkable), like the audit log's.
export function GetFilters({
  fields,
  values,
  errors,
  testId,
}: {
  fields: FilterField[];
  values: Record<string, string | undefined>;
  errors?: FieldErrors;
  testId: string;
}) {
  return (
    <form
      method="get"
      className="grid gap-3 border-b border-slate-200 p-4 sm:grid-cols-3 lg:grid-cols-6 dark:border-slate-800"
      data-testid={testId}
    >
      {fields.map((f) => (
        <Field key={f.name} label={f.label} htmlFor={`f-${f.name}`} error={errors?.[f.name]}>
          {f.kind === "select" ? (
            <Select id={`f-${f.name}`} name={f.name} defaultValue={values[f.name] ?? ""}>
              <option value="">any</option>
              {f.options?.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          ) : (
            <Input
              id={`f-${f.name}`}
              name={f.name}
              type={f.kind}
              defaultValue={values[f.name]}
              placeholder={f.placeholder}
            />
          )}
        </Field>
      ))}
      <div className="flex items-end gap-2">
        <Button type="submit">Filter</Button>
      </div>
    </form>
  );
}
