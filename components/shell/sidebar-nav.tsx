"use client";

import {
  ChartLine,
  Code,
  Gauge,
  Globe,
  History,
  Inbox,
  KeyRound,
  MailX,
  Power,
  ScanSearch,
  ScrollText,
  Send,
  Server,
  Settings,
  ShieldAlert,
  ShieldCheck,
  Users,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "@/config/nav";
import { cn } from "@/lib/utils/cn";

const ICONS = {
  gauge: Gauge,
  users: Users,
  scroll: ScrollText,
  history: History,
  send: Send,
  globe: Globe,
  key: KeyRound,
  code: Code,
  power: Power,
  server: Server,
  chart: ChartLine,
  shield: ShieldCheck,
  inbox: Inbox,
  quarantine: ShieldAlert,
  scan: ScanSearch,
  ban: MailX,
  settings: Settings,
};

export function SidebarNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav className="space-y-0.5" aria-label="Main">
      {items.map((item) => {
        const Icon = ICONS[item.icon];
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            data-testid={`nav-${item.href === "/" ? "overview" : item.href.slice(1)}`}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm font-medium",
              active
                ? "bg-brand-50 text-brand-700 dark:bg-brand-700/20 dark:text-brand-100"
                : "text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
