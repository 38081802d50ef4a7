import { ShieldAlert } from "lucide-react";

// Shown on every dashboard page while a break-glass account is signed in with a password and local
// sign-in is off for everyone else.
export function BreakGlassBanner() {
  return (
    <div
      role="alert"
      data-testid="break-glass-banner"
      className="flex items-center gap-2 bg-red-700 px-6 py-2 text-sm font-semibold text-white"
    >
      <ShieldAlert className="size-4 shrink-0" aria-hidden />
      Break-glass account in use — every action is audited.
    </div>
  );
}
