"use client";

import { type ReactNode, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { useAction } from "@/components/use-action";
import type { ActionResult } from "@/lib/auth/guard";
import type { FieldErrors } from "@/lib/errors";

type Action<T> = (input: unknown) => Promise<ActionResult<T>>;

// The state every action dialog shares: open, the action's pending/error/result, and a reset
// when the dialog closes so it opens clean next time. Dialogs with more than one step (kill
// switch: impact, then engage) use it directly; one-form dialogs use <ActionDialog>.
export function useActionDialog<T>(action: Action<T>, onClose?: () => void) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, data, reset } = useAction(action);
  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      reset();
      onClose?.();
    }
  }
  const fieldErrors: FieldErrors = error?.fieldErrors ?? {};
  return { open, onOpenChange, close: () => onOpenChange(false), run, pending, error, data, fieldErrors, reset };
}

export interface ActionDialogProps<T> {
  /** The button that opens the dialog (wrapped in Radix's trigger). */
  trigger: ReactNode;
  title: string;
  description?: ReactNode;
  action: Action<T>;
  /** What the form sends; default: the FormData itself. */
  toInput?: (form: FormData) => unknown;
  submitLabel: string;
  pendingLabel: string;
  submitVariant?: "primary" | "danger";
  /** data-testid prefix: `${testId}-error`, `${testId}-confirm` (or the explicit ids below). */
  testId: string;
  submitTestId?: string;
  errorTestId?: string;
  /** Shown instead of the form after success (a secret shown once); the dialog then closes only by Done. */
  result?: (data: T) => ReactNode;
  onDone?: (data: T) => void;
  /** The fields; a function gets the server's field errors. */
  children: ReactNode | ((fieldErrors: FieldErrors) => ReactNode);
}

// One form in a dialog that runs a guarded server action: pending label, the server's message
// and field errors, close on success (or show the result once), clean state on reopen.
export function ActionDialog<T>(props: ActionDialogProps<T>) {
  const { trigger, title, description, action, toInput, submitLabel, pendingLabel, submitVariant = "primary", testId, result, onDone, children } = props;
  const dialog = useActionDialog(action);
  const showResult = result && dialog.data !== null;
  return (
    <DialogRoot open={dialog.open} onOpenChange={dialog.onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent title={title} description={description} dismissible={!showResult}>
        {showResult ? (
          <div className="space-y-4" data-testid={`${testId}-done`}>
            {result(dialog.data as T)}
            <div className="flex justify-end">
              <DialogClose asChild>
                <Button variant="secondary">Done</Button>
              </DialogClose>
            </div>
          </div>
        ) : (
          <form
            className="space-y-3"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              dialog.run(toInput ? toInput(form) : form, (data) => {
                onDone?.(data);
                if (!result) dialog.close();
              });
            }}
          >
            {dialog.error ? <Alert testId={props.errorTestId ?? `${testId}-error`}>{dialog.error.message}</Alert> : null}
            {typeof children === "function" ? children(dialog.fieldErrors) : children}
            <div className="flex justify-end gap-2 pt-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" variant={submitVariant} disabled={dialog.pending} data-testid={props.submitTestId ?? `${testId}-confirm`}>
                {dialog.pending ? pendingLabel : submitLabel}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
