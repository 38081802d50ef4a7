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
// switch: impact, then engage) or their own way to run (a report upload) use it with the pieces
// below; one-form dialogs use <ActionDialog>.
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

/** The server's message for the whole form, if any. */
export function ActionError({ error, testId }: { error: { message: string } | null; testId?: string }) {
  return error ? <Alert testId={testId}>{error.message}</Alert> : null;
}

/** The form's submit button: off and relabelled while the action runs. */
export function SubmitButton(props: {
  pending: boolean;
  label: string;
  pendingLabel: string;
  variant?: "primary" | "danger";
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <Button
      type="submit"
      variant={props.variant ?? "primary"}
      disabled={props.pending || props.disabled}
      data-testid={props.testId}
    >
      {props.pending ? props.pendingLabel : props.label}
    </Button>
  );
}

/** Cancel (closes the dialog, which resets it) beside the form's own buttons. */
export function DialogFooter({ cancelLabel = "Cancel", children }: { cancelLabel?: string; children: ReactNode }) {
  return (
    <div className="flex justify-end gap-2 pt-2">
      <DialogClose asChild>
        <Button variant="secondary">{cancelLabel}</Button>
      </DialogClose>
      {children}
    </div>
  );
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
  /** Keeps the submit button off until the form is ready (e.g. a typed confirmation). */
  submitDisabled?: boolean;
  /** data-testid prefix: `${testId}-error`, `${testId}-confirm`, `${testId}-done`, `${testId}-close`
   *  (or the explicit ids below). */
  testId: string;
  submitTestId?: string;
  errorTestId?: string;
  /** The Done button under a result. */
  doneTestId?: string;
  /** Shown instead of the form after success (a secret shown once); the dialog then closes only by Done. */
  result?: (data: T) => ReactNode;
  onDone?: (data: T) => void;
  /** Runs whenever the dialog closes: clears state the dialog's own fields keep. */
  onClose?: () => void;
  /** The fields (none for a plain confirmation); a function gets the server's field errors. */
  children?: ReactNode | ((fieldErrors: FieldErrors) => ReactNode);
}

// One form in a dialog that runs a guarded server action: pending label, the server's message
// and field errors, close on success (or show the result once), clean state on reopen.
export function ActionDialog<T>(props: ActionDialogProps<T>) {
  const { trigger, title, description, action, toInput, testId, result, onDone, children } = props;
  const dialog = useActionDialog(action, props.onClose);
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
                <Button variant="secondary" data-testid={props.doneTestId ?? `${testId}-close`}>
                  Done
                </Button>
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
            <ActionError error={dialog.error} testId={props.errorTestId ?? `${testId}-error`} />
            {typeof children === "function" ? children(dialog.fieldErrors) : children}
            <DialogFooter>
              <SubmitButton
                pending={dialog.pending}
                label={props.submitLabel}
                pendingLabel={props.pendingLabel}
                variant={props.submitVariant}
                disabled={props.submitDisabled}
                testId={props.submitTestId ?? `${testId}-confirm`}
              />
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
