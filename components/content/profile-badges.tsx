import { Badge } from "@/components/ui/badge";
import type { ContentProfile } from "@/db/schema";

type Flags = Pick<ContentProfile, "defaultForInternal" | "defaultForSaas">;

// Which kinds of sender a profile is the default for.
export function DefaultBadges({ profile }: { profile: Flags }) {
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="profile-defaults">
      {profile.defaultForInternal ? <Badge tone="blue">default: internal</Badge> : null}
      {profile.defaultForSaas ? <Badge tone="blue">default: SaaS</Badge> : null}
    </span>
  );
}

export function OnOff({ on, label }: { on: boolean; label: string }) {
  return <Badge tone={on ? "green" : "neutral"}>{`${label} ${on ? "on" : "off"}`}</Badge>;
}

// Scanners at a glance; an accept-unscanned profile carries its warning everywhere it shows.
export function ScannerBadges({
  profile,
}: {
  profile: Pick<ContentProfile, "virusScan" | "spamScan" | "spamScore" | "onScannerFailure">;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="profile-scanners">
      <OnOff on={profile.virusScan} label="virus" />
      <OnOff on={profile.spamScan} label={profile.spamScan ? `spam ≥ ${profile.spamScore}` : "spam"} />
      {profile.onScannerFailure === "accept" ? <Badge tone="amber">accepts unscanned</Badge> : null}
    </span>
  );
}
