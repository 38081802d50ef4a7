"use client";

import { Power } from "lucide-react";
import { useState } from "react";
import { describeKillSwitchImpactAction, engageKillSwitchAction } from "@/app/(dashboard)/kill-switch/actions";
import { ActionError, DialogFooter, SubmitButton, useActionDialog } from "@/components/action-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

type Scope = "global" | "sender" | "credential" | "domain";
export type TargetOptions = Record<Exclude<Scope, "global">, { id: string; label: string }[]>;

const DURATIONS = [
  { minutes: "", label: "Until released" },
  { minutes: "60", label: "1 hour" },
  { minutes: "120", label: "2 hours" },
  { minutes: "480", label: "8 hours" },
  { minutes: "1440", label: "24 hours" },
];

// Two steps: choose and give a reason, then confirm against a summary of what will stop.
export function EngageKillSwitchDialog({
  fixed,
  options,
  triggerLabel,
  testId,
}: {
  fixed?: { scope: Scope; targetId?: string; label: string };
  options?: TargetOptions;
  triggerLabel: string;
  testId: string;
}) {
  const [scope, setScope] = useState<Scope>(fixed?.scope ?? "sender");
  const [targetId, setTargetId] = useState(fixed?.targetId ?? "");
  const [reason, setReason] = useState("");
  const [minutes, setMinutes] = useState("");
  const [reasonMissing, setReasonMissing] = useState(false);
  const impact = useAction(describeKillSwitchImpactAction);
  // Closing goes back to the first step with no reason; scope, target and duration are kept.
  const engage = useActionDialog(engageKillSwitchAction, () => {
    setReasonMissing(false);
    impact.reset();
    setReason("");
  });
  const targets = scope !== "global" && options ? options[scope] : [];
  const error = engage.error ?? impact.error;
  const fields = { ...impact.error?.fieldErrors, ...engage.fieldErrors };
  return (
    <DialogRoot open={engage.open} onOpenChange={engage.onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="danger" data-testid={testId}>
          <Power className="size-4" aria-hidden /> {triggerLabel}
        </Button>
      </DialogTrigger>
      <DialogContent
        title={fixed ? `Stop ${fixed.label}?` : "Engage a kill switch"}
        description="Relays refuse matching mail within a second, on every relay, until the switch is released."
      >
        <ActionError error={error} testId="kill-switch-error" />
        {impact.data ? (
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              engage.run({ scope, targetId, reason, expiresInMinutes: minutes }, engage.close);
            }}
          >
            <Alert tone="info">
              <div className="font-medium" data-testid="kill-switch-impact">
                {impact.data.summary}
              </div>
              <div className="mt-1 text-xs">Reason: {reason}</div>
            </Alert>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => impact.reset()}>
                Back
              </Button>
              <SubmitButton
                pending={engage.pending}
                label="Engage kill switch"
                pendingLabel="Engaging…"
                variant="danger"
                testId="kill-switch-confirm"
              />
            </div>
          </form>
        ) : (
          <form
            className="space-y-3"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              const tooShort = reason.trim().length < 3;
              setReasonMissing(tooShort);
              if (!tooShort) impact.run({ scope, targetId });
            }}
          >
            {!fixed ? (
              <>
                <Field label="What to stop" htmlFor="ks-scope">
                  <Select
                    id="ks-scope"
                    value={scope}
                    onChange={(e) => {
                      setScope(e.target.value as Scope);
                      setTargetId("");
                    }}
                  >
                    <option value="sender">One sender</option>
                    <option value="credential">One credential</option>
                    <option value="domain">One sending domain</option>
                    <option value="global">Everything (global)</option>
                  </Select>
                </Field>
                {scope !== "global" ? (
                  <Field label="Target" htmlFor="ks-target" error={fields.targetId}>
                    <Select id="ks-target" value={targetId} onChange={(e) => setTargetId(e.target.value)}>
                      <option value="">Choose…</option>
                      {targets.map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.label}
                        </option>
                      ))}
                    </Select>
                  </Field>
                ) : null}
              </>
            ) : null}
            <Field
              label="Reason"
              htmlFor="ks-reason"
              error={reasonMissing ? ["Give a reason (at least 3 characters)"] : fields.reason}
            >
              <Textarea
                id="ks-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="e.g. credential leaked in a public repository"
              />
            </Field>
            <Field label="Duration" htmlFor="ks-duration">
              <Select id="ks-duration" value={minutes} onChange={(e) => setMinutes(e.target.value)}>
                {DURATIONS.map((d) => (
                  <option key={d.label} value={d.minutes}>
                    {d.label}
                  </option>
                ))}
              </Select>
            </Field>
            <DialogFooter>
              <SubmitButton
                pending={impact.pending}
                label="Next: confirm"
                pendingLabel="Checking…"
                variant="danger"
                testId="kill-switch-next"
              />
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
