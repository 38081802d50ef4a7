import { Mail } from "lucide-react";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { StepUpProvider } from "@/app/(dashboard)/_components/step-up-provider";
import { UserMenu } from "@/app/(dashboard)/_components/user-menu";
import { GlobalKillSwitchBanner } from "@/components/kill-switch/global-banner";
import { QueryProvider } from "@/components/query-provider";
import { BreakGlassBanner } from "@/components/shell/break-glass-banner";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { NAV_ITEMS } from "@/config/nav";
import { breakGlassInUse } from "@/lib/auth/break-glass";
import { can } from "@/lib/auth/permissions";
import { currentSession } from "@/lib/auth/session";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  const breakGlass = await breakGlassInUse(session.user, session.session);
  const items = NAV_ITEMS.filter((item) => can(session.user.role, item.permission));
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white px-3 py-4 md:block dark:border-slate-800 dark:bg-slate-900">
        <div className="mb-6 flex items-center gap-2 px-2 text-base font-semibold">
          <Mail className="size-5 text-brand-600" aria-hidden /> Switchyard
        </div>
        <SidebarNav items={items} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between border-b border-slate-200 bg-white px-6 dark:border-slate-800 dark:bg-slate-900">
          <span className="font-semibold md:hidden">Switchyard</span>
          <span className="hidden text-sm text-slate-500 md:block">Secure relay control plane</span>
          <UserMenu user={session.user} />
        </header>
        {breakGlass ? <BreakGlassBanner /> : null}
        <GlobalKillSwitchBanner />
        <main className="flex-1 px-6 py-6">
          <StepUpProvider method={session.session.method} totpEnrolled={!!session.user.totpEnrolledAt}>
            <QueryProvider>{children}</QueryProvider>
          </StepUpProvider>
        </main>
      </div>
    </div>
  );
}
