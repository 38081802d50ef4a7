"use client";

import { useState } from "react";
import { updateSettingAction } from "@/app/(dashboard)/settings/actions";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { SettingView } from "@/lib/settings/setting-views";

export function SettingRow({ setting, editable }: { setting: SettingView; editable: boolean }) {
  const [value, setValue] = useState(setting.isSecret ? "" : setting.value);
  const { run, pending, error, data } = useAction(updateSettingAction);
  const id = `setting-${setting.key}`;
  return (
    <form
      className="grid items-start gap-2 border-b border-slate-100 px-4 py-3 sm:grid-cols-[1fr_1fr_auto] dark:border-slate-800"
      onSubmit={(event) => {
        event.preventDefault();
        run({ key: setting.key, value });
      }}
      data-testid={id}
    >
      <label htmlFor={id} className="text-sm">
        <div className="font-medium">{setting.label}</div>
        <div className="font-mono text-xs text-slate-500">{setting.key}</div>
      </label>
      <div>
        {setting.options ? (
          <Select id={id} value={value} disabled={!editable} onChange={(e) => setValue(e.target.value)}>
            {setting.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </Select>
        ) : setting.kind === "boolean" ? (
          <Select id={id} value={value} disabled={!editable} onChange={(e) => setValue(e.target.value)}>
            <option value="true">on</option>
            <option value="false">off</option>
          </Select>
        ) : (
          <Input
            id={id}
            value={value}
            disabled={!editable}
            placeholder={
              setting.isSecret ? (setting.value ? "set — type to replace, empty to clear" : "not set") : undefined
            }
            type={setting.isSecret ? "password" : "text"}
            onChange={(e) => setValue(e.target.value)}
          />
        )}
        {error ? (
          <p className="mt-1 text-xs text-red-600">
            {Object.values(error.fieldErrors ?? {})
              .flat()
              .join(" ") || error.message}
          </p>
        ) : null}
        {data && !pending ? <p className="mt-1 text-xs text-emerald-700">Saved.</p> : null}
        {data?.warning && !pending ? (
          <p className="mt-1 text-xs text-amber-700" data-testid={`${id}-warning`}>
            {data.warning}
          </p>
        ) : null}
      </div>
      {editable ? (
        <Button type="submit" size="sm" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      ) : null}
    </form>
  );
}
