"use client";

import { type FormEvent, useEffect, useState } from "react";
import { isoToLocalInput, localInputToIso } from "@/components/deliverability/local-datetime";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { DeliverabilityFilterOptions } from "@/lib/deliverability/filter-options";
import type { FieldErrors } from "@/lib/errors";
import { cn } from "@/lib/utils/cn";

export type FilterParams = Partial<
  Record<"range" | "from" | "to" | "senderId" | "fromDomain" | "recipientDomain", string>
>;

const RANGES = [
  { value: "1h", label: "1 h" },
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 d" },
  { value: "30d", label: "30 d" },
  { value: "custom", label: "Custom" },
] as const;

const DAY_MS = 86_400_000;

// Range buttons, a custom from/to, sender, sending domain and recipient domain. Each change
// becomes new URL parameters (onChange); the page reads its data from the URL.
export function FiltersBar({
  params: fromUrl,
  options,
  errors,
  onChange,
  pending,
}: {
  params: FilterParams;
  options: DeliverabilityFilterOptions;
  errors?: FieldErrors;
  onChange: (next: FilterParams) => void;
  pending: boolean;
}) {
  // Shown at once while the page loads the new URL's data (then replaced by what the URL says).
  const [params, setParams] = useState(fromUrl);
  useEffect(() => setParams(fromUrl), [fromUrl]);
  const range = params.range ?? "24h";
  const [customOpen, setCustomOpen] = useState(range === "custom");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [customError, setCustomError] = useState<string | null>(null);
  const [recipient, setRecipient] = useState(params.recipientDomain ?? "");

  // datetime-local values are the viewer's wall-clock time: only known in the browser.
  useEffect(() => {
    setFrom(isoToLocalInput(params.from) || isoToLocalInput(new Date(Date.now() - DAY_MS).toISOString()));
    setTo(isoToLocalInput(params.to) || isoToLocalInput(new Date().toISOString()));
  }, [params.from, params.to]);
  useEffect(() => setRecipient(params.recipientDomain ?? ""), [params.recipientDomain]);
  useEffect(() => setCustomOpen(range === "custom"), [range]);

  const set = (patch: FilterParams) => {
    const next = { ...params, ...patch };
    setParams(next);
    onChange(next);
  };
  const pickRange = (value: string) => {
    if (value === "custom") return setCustomOpen(true);
    setCustomOpen(false);
    set({ range: value, from: undefined, to: undefined });
  };
  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    const fromIso = localInputToIso(from);
    const toIso = localInputToIso(to);
    if (!fromIso || !toIso) return setCustomError("Enter a start and an end.");
    if (Date.parse(toIso) <= Date.parse(fromIso)) return setCustomError("The end must be after the start.");
    setCustomError(null);
    set({ range: "custom", from: fromIso, to: toIso });
  };
  const applyRecipient = (event?: FormEvent) => {
    event?.preventDefault();
    const value = recipient.trim().toLowerCase();
    if (value !== (params.recipientDomain ?? "")) set({ recipientDomain: value || undefined });
  };
  const filtered = !!(params.senderId || params.fromDomain || params.recipientDomain);

  return (
    <div
      className="space-y-3 border-b border-slate-200 p-4 dark:border-slate-800"
      data-testid="deliverability-filters"
      aria-busy={pending}
    >
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="float-left mr-2 text-sm font-medium text-slate-700 dark:text-slate-300">Range</legend>
        <div className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {RANGES.map((r) => {
            const active = r.value === "custom" ? customOpen || range === "custom" : range === r.value && !customOpen;
            return (
              <button
                key={r.value}
                type="button"
                aria-pressed={active}
                onClick={() => pickRange(r.value)}
                data-testid={`range-${r.value}`}
                className={cn(
                  "h-8 border-r border-slate-300 px-3 text-sm last:border-r-0 dark:border-slate-700",
                  active
                    ? "bg-brand-600 text-white"
                    : "bg-white hover:bg-slate-100 dark:bg-slate-900 dark:hover:bg-slate-800",
                )}
              >
                {r.label}
              </button>
            );
          })}
        </div>
        {filtered ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => set({ senderId: undefined, fromDomain: undefined, recipientDomain: undefined })}
            data-testid="filter-clear"
          >
            Clear filters
          </Button>
        ) : null}
      </fieldset>
      {customOpen ? (
        <form onSubmit={applyCustom} className="flex flex-wrap items-end gap-3" data-testid="custom-range">
          <Field label="From (your time)" htmlFor="d-from" error={errors?.from}>
            <Input
              id="d-from"
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              data-testid="range-from"
              className="w-56"
            />
          </Field>
          <Field label="To (your time)" htmlFor="d-to" error={errors?.to ?? (customError ? [customError] : undefined)}>
            <Input
              id="d-to"
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              data-testid="range-to"
              className="w-56"
            />
          </Field>
          <Button type="submit" size="sm" className="mb-0.5" data-testid="range-apply">
            Apply range
          </Button>
        </form>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Sender" htmlFor="d-sender" error={errors?.senderId}>
          <Select
            id="d-sender"
            value={params.senderId ?? ""}
            onChange={(e) => set({ senderId: e.target.value || undefined })}
            data-testid="filter-sender"
          >
            <option value="">All senders</option>
            {options.senders.map((s) => (
              <option key={s.id} value={s.id}>
                {s.status === "active" ? s.name : `${s.name} (${s.status})`}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Sending domain" htmlFor="d-from-domain" error={errors?.fromDomain}>
          <Select
            id="d-from-domain"
            value={params.fromDomain ?? ""}
            onChange={(e) => set({ fromDomain: e.target.value || undefined })}
            data-testid="filter-from-domain"
          >
            <option value="">All sending domains</option>
            {options.sendingDomains.map((d) => (
              <option key={d.domain} value={d.domain}>
                {d.label}
              </option>
            ))}
          </Select>
        </Field>
        <form onSubmit={applyRecipient}>
          <Field
            label="Recipient domain"
            htmlFor="d-recipient"
            error={errors?.recipientDomain}
            hint="e.g. gmail.com — press Enter to apply"
          >
            <Input
              id="d-recipient"
              type="search"
              value={recipient}
              onChange={(e) => setRecipient(e.target.value)}
              onBlur={() => applyRecipient()}
              placeholder="Any recipient domain"
              data-testid="filter-recipient-domain"
            />
          </Field>
        </form>
      </div>
    </div>
  );
}
