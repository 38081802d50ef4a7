"use client";

import { useState } from "react";
import { saveSsoMappingAction } from "@/app/(dashboard)/settings/sso-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { ROLES, type Role } from "@/lib/auth/roles";
import type { SsoMapping } from "@/lib/auth/sso/sso-schemas";

export function SsoMappingForm({ mapping, editable }: { mapping: SsoMapping; editable: boolean }) {
  const [claim, setClaim] = useState(mapping.claim);
  const [rules, setRules] = useState(mapping.rules);
  const { run, pending, error, data } = useAction(saveSsoMappingAction);
  const setRule = (index: number, change: Partial<{ group: string; role: Role }>) =>
    setRules(rules.map((rule, i) => (i === index ? { ...rule, ...change } : rule)));
  return (
    <form
      data-testid="sso-mapping-form"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        run({ claim, rules: rules.filter((rule) => rule.group.trim()) });
      }}
    >
      <h3 className="font-medium">Groups → roles</h3>
      <p className="text-xs text-slate-500">
        The role is taken from this claim at every sign-in. When several groups map, the most privileged role wins
        (admin &gt; security &gt; infra &gt; comms &gt; auditor). A user whose groups map to no role is refused.
      </p>
      <Field label="Groups claim" htmlFor="sso-claim" error={error?.fieldErrors?.claim}>
        <Input
          id="sso-claim"
          className="w-60"
          value={claim}
          disabled={!editable}
          onChange={(e) => setClaim(e.target.value)}
        />
      </Field>
      <table className="w-full max-w-xl text-sm" data-testid="sso-rules">
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="py-1">Group (as the claim carries it)</th>
            <th className="py-1">Role</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the index is their identity
            <tr key={index}>
              <td className="py-1 pr-2">
                <Input
                  aria-label={`Group ${index + 1}`}
                  data-testid={`sso-rule-group-${index}`}
                  value={rule.group}
                  disabled={!editable}
                  onChange={(e) => setRule(index, { group: e.target.value })}
                />
              </td>
              <td className="py-1 pr-2">
                <Select
                  aria-label={`Role ${index + 1}`}
                  data-testid={`sso-rule-role-${index}`}
                  value={rule.role}
                  disabled={!editable}
                  onChange={(e) => setRule(index, { role: e.target.value as Role })}
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {role}
                    </option>
                  ))}
                </Select>
              </td>
              <td className="py-1">
                {editable ? (
                  <Button
                    type="button"
                    size="sm"
                    variant="secondary"
                    onClick={() => setRules(rules.filter((_, i) => i !== index))}
                  >
                    Remove
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error?.fieldErrors?.rules ? <p className="text-xs text-red-600">{error.fieldErrors.rules.join(" ")}</p> : null}
      {editable ? (
        <div className="flex items-center gap-3">
          <Button
            type="button"
            size="sm"
            variant="secondary"
            data-testid="sso-rule-add"
            onClick={() => setRules([...rules, { group: "", role: "auditor" }])}
          >
            Add group
          </Button>
          <Button type="submit" size="sm" disabled={pending} data-testid="sso-mapping-save">
            {pending ? "Saving…" : "Save mapping"}
          </Button>
          {error && !error.fieldErrors ? <span className="text-xs text-red-600">{error.message}</span> : null}
          {data && !pending ? <span className="text-xs text-emerald-700">Saved.</span> : null}
        </div>
      ) : null}
    </form>
  );
}
