import Link from "next/link";
import type { ReactNode } from "react";
import { NeedsReviewBadge } from "@/components/senders/sender-status-badge";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { SenderContentProfile } from "@/lib/content/sender-profile";
import type { SenderDetail } from "@/lib/senders/get-sender";
import { SENDER_KIND_LABELS } from "@/lib/senders/labels";
import { vendorName } from "@/lib/senders/vendor-catalog";

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

function List({ items, empty, mono }: { items: string[]; empty: string; mono?: boolean }) {
  if (items.length === 0) return <span className="text-slate-500">{empty}</span>;
  return (
    <ul className={mono ? "font-mono text-xs" : undefined}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

const person = (p: SenderDetail["requester"]) => (p ? `${p.name} (${p.email})` : "system");

export function SenderDetails({ sender }: { sender: SenderDetail }) {
  return (
    <Card>
      <CardHeader title="Details" />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 px-4 py-3 text-sm">
        <Row label="Kind">{SENDER_KIND_LABELS[sender.kind]}</Row>
        {sender.vendor ? <Row label="Vendor">{vendorName(sender.vendor)}</Row> : null}
        <Row label="Owner team">{sender.ownerTeam}</Row>
        <Row label="Contact">
          <a href={`mailto:${sender.contactEmail}`} className="text-brand-600 hover:underline">
            {sender.contactEmail}
          </a>
        </Row>
        <Row label="Purpose">
          <span className="whitespace-pre-line">{sender.purpose}</span>
        </Row>
        <Row label="Review date" testId="sender-review-date">
          <span className="inline-flex items-center gap-2">
            {sender.reviewDate}
            {sender.needsReview ? <NeedsReviewBadge /> : null}
          </span>
        </Row>
        <Row label="Requested">
          {person(sender.requester)}, <LocalTime value={sender.requestedAt} />
        </Row>
        {sender.decidedAt ? (
          <Row label={sender.status === "rejected" ? "Rejected" : "Approved"}>
            {person(sender.decider)}, <LocalTime value={sender.decidedAt} />
            {sender.decisionComment ? (
              <div className="mt-1 text-slate-600 italic dark:text-slate-400">“{sender.decisionComment}”</div>
            ) : null}
          </Row>
        ) : null}
      </dl>
    </Card>
  );
}

// The content profile that checks its mail, linked for those who may read profiles.
function ContentProfileRow({ profile, link }: { profile: SenderContentProfile | null; link: boolean }) {
  if (!profile) return <span className="text-slate-500">none</span>;
  const name = link ? (
    <Link href={`/content/${profile.id}`} className="text-brand-600 hover:underline">
      {profile.name}
    </Link>
  ) : (
    profile.name
  );
  return (
    <>
      {name}
      {profile.via === "default" ? <span className="text-slate-500"> (default for its kind)</span> : null}
    </>
  );
}

// What relays enforce for this sender once it is active.
export function SenderPolicy({
  sender,
  contentProfile,
  linkProfile = false,
}: {
  sender: SenderDetail;
  contentProfile?: SenderContentProfile | null;
  linkProfile?: boolean;
}) {
  return (
    <Card>
      <CardHeader
        title="What the relay enforces"
        description="Applies while the sender is active; a change here reaches relays with the next policy version."
      />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 px-4 py-3 text-sm">
        <Row label="From domains" testId="sender-domains">
          <List
            items={sender.domains.map((d) => (d.status === "retired" ? `${d.displayName} (retired)` : d.displayName))}
            empty="none"
          />
        </Row>
        <Row label="From addresses" testId="sender-addresses">
          <List items={sender.allowedFromAddresses} empty="any address at these domains" mono />
        </Row>
        <Row label="Source networks" testId="sender-cidrs">
          <List items={sender.allowedCidrs} empty="any source address" mono />
        </Row>
        <Row label="Rate limit" testId="sender-rate">
          {sender.rateLimitPerMinute.toLocaleString("en-US")} per minute,{" "}
          {sender.rateLimitPerDay.toLocaleString("en-US")} per day
        </Row>
        {contentProfile !== undefined ? (
          <Row label="Content profile" testId="sender-content-profile">
            <ContentProfileRow profile={contentProfile} link={linkProfile} />
          </Row>
        ) : null}
      </dl>
    </Card>
  );
}
