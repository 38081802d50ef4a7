"use client";

import { setMisuseReactionAction } from "@/app/(dashboard)/senders/[id]/misuse-actions";
import { Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { MisuseReaction, MisuseRule } from "@/db/schema";

export function MisuseReactionSelect({
  senderId,
  rule,
  label,
  reaction,
  stops,
}: {
  senderId: string;
  rule: MisuseRule;
  label: string;
  reaction: MisuseReaction;
  stops: "sender" | "credential";
}) {
  const { run, pending, error } = useAction(setMisuseReactionAction);
  return (
    <div>
      <Select
        aria-label={`Reaction to ${label}`}
        data-testid={`misuse-reaction-${rule}`}
        defaultValue={reaction}
        disabled={pending}
        className="h-8 w-56 py-0 text-xs"
        onChange={(event) => run({ senderId, rule, reaction: event.target.value })}
      >
        <option value="alert">Alert only</option>
        <option value="suspend">Alert and suspend the {stops}</option>
      </Select>
      {error ? <p className="mt-1 text-xs text-red-600">{error.message}</p> : null}
    </div>
  );
}
