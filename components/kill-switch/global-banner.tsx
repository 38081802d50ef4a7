import { OctagonX } from "lucide-react";
import Link from "next/link";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";

// Shown on every dashboard page while the global switch is engaged.
export async function GlobalKillSwitchBanner() {
  const engaged = await engagedKillSwitchFor("global", null);
  if (!engaged) return null;
  return (
    <div
      role="alert"
      className="flex items-center gap-2 bg-red-600 px-6 py-2 text-sm font-medium text-white"
      data-testid="global-kill-switch-banner"
    >
      <OctagonX className="size-4" aria-hidden />
      All mail is stopped: the global kill switch is engaged ({engaged.reason}, by {engaged.engagedByLabel}).
      <Link href="/kill-switch" className="ml-auto underline">
        Kill switch
      </Link>
    </div>
  );
}
