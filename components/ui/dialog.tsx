"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";

export const DialogRoot = RadixDialog.Root;
export const DialogTrigger = RadixDialog.Trigger;
export const DialogClose = RadixDialog.Close;

// dismissible={false}: a click outside or Escape does not close it (a secret shown once stays
// until its Done button is pressed).
export function DialogContent({
  title,
  description,
  dismissible = true,
  children,
}: {
  title: string;
  description?: ReactNode;
  dismissible?: boolean;
  children: ReactNode;
}) {
  const hold = dismissible ? undefined : (event: Event) => event.preventDefault();
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50" />
      <RadixDialog.Content
        onInteractOutside={hold}
        onEscapeKeyDown={hold}
        className="fixed top-1/2 left-1/2 z-50 w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-slate-200 bg-white p-5 shadow-xl dark:border-slate-800 dark:bg-slate-900"
      >
        <RadixDialog.Title className="text-base font-semibold">{title}</RadixDialog.Title>
        {description ? (
          <RadixDialog.Description className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {description}
          </RadixDialog.Description>
        ) : (
          <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>
        )}
        <div className="mt-4">{children}</div>
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}
