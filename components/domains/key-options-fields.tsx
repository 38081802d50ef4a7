"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import {
  DKIM_ALGORITHM_LABELS,
  DKIM_ALGORITHMS,
  DKIM_DEFAULT_RSA_BITS,
  DKIM_RSA_BITS,
  type DkimAlgorithm,
} from "@/lib/validations/dkim-options";

// Algorithm, RSA size and selector: shared by the add-domain and key dialogs.
export function KeyOptionsFields({ idPrefix, errors }: { idPrefix: string; errors: Record<string, string[]> }) {
  const [algorithm, setAlgorithm] = useState<DkimAlgorithm>("rsa");
  return (
    <>
      <Field label="Algorithm" htmlFor={`${idPrefix}-algorithm`} error={errors.algorithm}>
        <Select
          id={`${idPrefix}-algorithm`}
          name="algorithm"
          value={algorithm}
          onChange={(event) => setAlgorithm(event.target.value as DkimAlgorithm)}
        >
          {DKIM_ALGORITHMS.map((value) => (
            <option key={value} value={value}>
              {DKIM_ALGORITHM_LABELS[value]}
            </option>
          ))}
        </Select>
      </Field>
      {algorithm === "rsa" ? (
        <Field
          label="Key size"
          htmlFor={`${idPrefix}-bits`}
          error={errors.bits}
          hint="2048 bits is the default; keys under 1024 bits are refused."
        >
          <Select id={`${idPrefix}-bits`} name="bits" defaultValue={String(DKIM_DEFAULT_RSA_BITS)}>
            {DKIM_RSA_BITS.map((bits) => (
              <option key={bits} value={bits}>
                {bits} bits
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field
        label="Selector (optional)"
        htmlFor={`${idPrefix}-selector`}
        error={errors.selector}
        hint="Empty: a date-based name like sy2026a. One DNS label, never reused."
      >
        <Input id={`${idPrefix}-selector`} name="selector" placeholder="sy2026a" autoComplete="off" />
      </Field>
    </>
  );
}
