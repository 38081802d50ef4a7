import type { ReactNode } from "react";

// A labelled form field with its validation message (from the server's field errors).
export function Field({
  label,
  htmlFor,
  error,
  hint,
  children,
}: {
  label: string;
  htmlFor: string;
  error?: string[];
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      {children}
      {hint && !error?.length ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error?.length ? (
        <p className="text-xs text-red-600 dark:text-red-400" data-testid={`error-${htmlFor}`}>
          {error.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
