import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

// Any two versions: a plain GET form, so the comparison is a link that can be shared.
export function CompareForm({
  version,
  against,
  errors,
}: {
  version?: string;
  against?: string;
  errors?: Record<string, string[]>;
}) {
  return (
    <form
      method="get"
      action="/policy-history"
      className="flex flex-wrap items-end gap-3 p-4"
      data-testid="compare-form"
    >
      <Field label="Version" htmlFor="v" error={errors?.v}>
        <Input id="v" name="v" inputMode="numeric" defaultValue={version} className="w-28" />
      </Field>
      <Field label="Compared with" htmlFor="against" error={errors?.against} hint="Empty: the version recorded before">
        <Input id="against" name="against" inputMode="numeric" defaultValue={against} className="w-28" />
      </Field>
      <Button type="submit" variant="secondary">
        Compare
      </Button>
    </form>
  );
}
