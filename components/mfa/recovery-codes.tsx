"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

// Recovery codes, shown once after enrolment: each signs in once without the phone.
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40">
      <div className="text-xs font-medium text-amber-900 dark:text-amber-200">
        Two-factor sign-in is on. Recovery codes — shown once, keep them somewhere safe. Each works once.
      </div>
      <ol className="mt-2 grid grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <Button
        className="mt-2"
        size="sm"
        variant="secondary"
        onClick={async () => {
          await navigator.clipboard?.writeText(codes.join("\n"));
          setCopied(true);
        }}
      >
        {copied ? <Check className="size-3.5" /> : <Copy className="size-3.5" />} {copied ? "Copied" : "Copy all"}
      </Button>
    </div>
  );
}
