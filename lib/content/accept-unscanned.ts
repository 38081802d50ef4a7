import type { Tx } from "@/db/client";
import type { ContentProfile } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { resolveAlert } from "@/lib/alerts/resolve-alert";
import { invalidFields } from "@/lib/errors";

const alertKey = (profileId: string) => `content_profile:accept_unscanned:${profileId}`;

// Accepting unscanned mail when a scanner cannot answer is never a default and never an accident:
// switching a profile to it needs the explicit confirmation field.
export function assertAcceptConfirmed(
  next: ContentProfile["onScannerFailure"],
  current: ContentProfile["onScannerFailure"] | null,
  confirmed: boolean | undefined,
): void {
  if (next !== "accept" || current === "accept" || confirmed === true) return;
  throw invalidFields({
    confirmAcceptUnscanned: [
      "Accepting unscanned mail when a scanner fails must be confirmed explicitly (confirmAcceptUnscanned: true)",
    ],
  });
}

// A profile that accepts unscanned mail keeps an open warning alert (also sent to the webhook);
// it closes when the profile defers again or is deleted.
export async function syncAcceptUnscannedAlert(tx: Tx, profile: ContentProfile | { id: string; deleted: true }) {
  if ("deleted" in profile || profile.onScannerFailure !== "accept") {
    await resolveAlert(alertKey(profile.id), tx);
    return;
  }
  await raiseAlert(
    {
      kind: "content_profile_accepts_unscanned",
      severity: "warning",
      subjectType: "content_profile",
      subjectId: profile.id,
      title: `Content profile ${profile.name} accepts mail unscanned when a scanner cannot answer`,
      detail: { profileId: profile.id, name: profile.name },
      dedupeKey: alertKey(profile.id),
    },
    tx,
  );
}
