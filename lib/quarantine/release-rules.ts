import type { QuarantinedMessage } from "@/db/schema";

// Why a viewer may not approve this message's release request, or null when they may.
// The server enforces the same rule (approve-release.ts); the page only explains it.
export function approvalBlocker(
  message: Pick<QuarantinedMessage, "status" | "releaseRequestedBy">,
  viewerId: string,
): string | null {
  if (message.status !== "release_requested") return "No release request is waiting for a decision.";
  if (message.releaseRequestedBy === viewerId)
    return "You requested this release: another person (security or an admin) must approve it.";
  return null;
}
