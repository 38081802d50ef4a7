import type { ReactNode } from "react";
import { cn } from "@/lib/utils/cn";

export function Alert({
  tone = "error",
  children,
  testId,
}: {
  tone?: "error" | "success" | "info";
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid={testId}
      className={cn(
        "rounded-md border px-3 py-2 text-sm",
        tone === "error" &&
          "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300",
        tone === "success" &&
          "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-300",
        tone === "info" &&
          "border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300",
      )}
    >
      {children}
    </div>
  );
}
