"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

// A secret shown exactly once, with a copy button; it is not kept anywhere after this view.
export function SecretOnce({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40">
      <div className="text-xs font-medium text-amber-900 dark:text-amber-200">{label} — shown once, copy it now</div>
      <div className="mt-2 flex items-center gap-2">
        <code className="flex-1 break-all font-mono text-sm" data-testid="secret-once">
          {value}
        </code>
        <Button
          size="sm"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(value);
            setCopied(true);
          }}
        >
          {copied ? <Check className="size-3.5" /> : <Copy className="size-3.5" />} {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
