"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { registerSenderAction, updateSenderAction } from "@/app/(dashboard)/senders/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { ContentProfileOption } from "@/lib/content/list-profiles";
import { SENDER_FIELD_LABELS, SENDER_KIND_LABELS, SENDER_KINDS } from "@/lib/senders/labels";
import type { SenderDomainRef } from "@/lib/senders/sender-view";
import { VENDOR_CATALOG } from "@/lib/senders/vendor-catalog";

// What a save answers: the edit also says which fields applied and which await a second person.
interface SaveResult {
  id: string;
  applied?: string[];
  awaitingApproval?: string[];
}

const fieldList = (fields: string[]) => fields.map((f) => SENDER_FIELD_LABELS[f] ?? f).join(", ");

function SavedAwaitingApproval({ saved }: { saved: SaveResult }) {
  return (
    <Alert tone="info" testId="sender-form-awaiting">
      <p>
        Saved. {saved.applied?.length ? <>Applied at once: {fieldList(saved.applied)}. </> : null}
        <strong>Awaiting approval by another person: {fieldList(saved.awaitingApproval ?? [])}</strong> — these widen
        what the sender may do, so the relays keep the current values until a second person approves.
      </p>
      <Link
        href={`/senders/${saved.id}`}
        className="mt-1 inline-block font-medium underline"
        data-testid="sender-form-back"
      >
        Back to the sender
      </Link>
    </Alert>
  );
}

export interface SenderFormValues {
  name: string;
  kind: string;
  vendor: string;
  ownerTeam: string;
  contactEmail: string;
  purpose: string;
  fromDomainIds: string[];
  allowedFromAddresses: string;
  allowedCidrs: string;
  rateLimitPerMinute: string;
  rateLimitPerDay: string;
  reviewDate: string;
  // "" = the default profile for its kind.
  contentProfileId: string;
}

// Registration and edit form. The server validates everything again; this form only shapes the
// input (checkbox values as a list, every field sent, so clearing one really clears it).
export function SenderForm({
  mode,
  domains,
  initial,
  senderId,
  contentProfiles,
}: {
  mode: "create" | "edit";
  domains: SenderDomainRef[];
  initial: SenderFormValues;
  senderId?: string;
  contentProfiles: ContentProfileOption[];
}) {
  const router = useRouter();
  const [kind, setKind] = useState(initial.kind);
  const { run, pending, error } = useAction<SaveResult>(mode === "create" ? registerSenderAction : updateSenderAction);
  const [awaiting, setAwaiting] = useState<SaveResult | null>(null);
  const fields = error?.fieldErrors ?? {};
  const cancelHref = senderId ? `/senders/${senderId}` : "/senders";
  // The profile an empty choice means: the default for the kind chosen right now.
  const kindDefault = contentProfiles.find((p) => (kind === "saas" ? p.defaultForSaas : p.defaultForInternal));

  return (
    <form
      className="space-y-5"
      noValidate
      data-testid="sender-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const text = (key: string) => String(form.get(key) ?? "");
        const input = {
          ...(senderId ? { senderId } : {}),
          name: text("name"),
          kind: text("kind"),
          vendor: kind === "saas" ? text("vendor") : "",
          ownerTeam: text("ownerTeam"),
          contactEmail: text("contactEmail"),
          purpose: text("purpose"),
          fromDomainIds: form.getAll("fromDomainIds").map(String),
          allowedFromAddresses: text("allowedFromAddresses"),
          allowedCidrs: text("allowedCidrs"),
          rateLimitPerMinute: text("rateLimitPerMinute"),
          rateLimitPerDay: text("rateLimitPerDay"),
          reviewDate: text("reviewDate"),
          contentProfileId: text("contentProfileId"),
        };
        setAwaiting(null);
        run(input, (saved) => {
          // Part of the edit waits for a second person: say so here instead of leaving silently.
          if (saved.awaitingApproval?.length) return setAwaiting(saved);
          router.push(`/senders/${saved.id}`);
          router.refresh();
        });
      }}
    >
      {error ? <Alert testId="sender-form-error">{error.message}</Alert> : null}
      {awaiting ? <SavedAwaitingApproval saved={awaiting} /> : null}

      <section className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Name"
          htmlFor="sender-name"
          error={fields.name}
          hint="2–100 characters, unique. The slug is derived from it on registration."
        >
          <Input id="sender-name" name="name" defaultValue={initial.name} required maxLength={100} />
        </Field>
        <Field label="Kind" htmlFor="sender-kind" error={fields.kind}>
          <Select id="sender-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {SENDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {SENDER_KIND_LABELS[k]}
              </option>
            ))}
          </Select>
        </Field>
        {kind === "saas" ? (
          <Field label="SaaS vendor" htmlFor="sender-vendor" error={fields.vendor}>
            <Select id="sender-vendor" name="vendor" defaultValue={initial.vendor}>
              <option value="">Choose a vendor…</option>
              {VENDOR_CATALOG.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        <Field label="Owner team" htmlFor="sender-owner" error={fields.ownerTeam}>
          <Input id="sender-owner" name="ownerTeam" defaultValue={initial.ownerTeam} required />
        </Field>
        <Field label="Contact email" htmlFor="sender-contact" error={fields.contactEmail}>
          <Input id="sender-contact" name="contactEmail" type="email" defaultValue={initial.contactEmail} required />
        </Field>
      </section>

      <Field
        label="Business purpose"
        htmlFor="sender-purpose"
        error={fields.purpose}
        hint="What mail this sends, to whom, and why (at least 10 characters)."
      >
        <Textarea id="sender-purpose" name="purpose" defaultValue={initial.purpose} required />
      </Field>

      <fieldset className="space-y-2" aria-describedby="sender-domains-hint">
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Allowed From domains</legend>
        {domains.length === 0 ? (
          <Alert tone="info">
            No active sending domain is registered yet.{" "}
            <Link href="/domains" className="font-medium underline">
              Register a domain
            </Link>{" "}
            first.
          </Alert>
        ) : (
          <div className="grid gap-1 sm:grid-cols-2 lg:grid-cols-3" data-testid="sender-domains">
            {domains.map((d) => (
              <label key={d.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="fromDomainIds"
                  value={d.id}
                  defaultChecked={initial.fromDomainIds.includes(d.id)}
                  data-testid={`domain-${d.domain}`}
                />
                {d.displayName}
              </label>
            ))}
          </div>
        )}
        {fields.fromDomainIds?.length ? (
          <p className="text-xs text-red-600 dark:text-red-400" data-testid="error-sender-domains">
            {fields.fromDomainIds.join(" ")}
          </p>
        ) : (
          <p id="sender-domains-hint" className="text-xs text-slate-500">
            At least one. Only registered, active sending domains can be chosen.
          </p>
        )}
      </fieldset>

      <section className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Allowed From addresses (optional)"
          htmlFor="sender-addresses"
          error={fields.allowedFromAddresses}
          hint="One per line: name@domain or *@domain, at the domains above. Empty allows any address at those domains."
        >
          <Textarea
            id="sender-addresses"
            name="allowedFromAddresses"
            defaultValue={initial.allowedFromAddresses}
            placeholder={"noreply@example.com\n*@notify.example.com"}
          />
        </Field>
        <Field
          label="Allowed source networks (optional)"
          htmlFor="sender-cidrs"
          error={fields.allowedCidrs}
          hint="One per line, IPv4 or IPv6 CIDR (10.20.0.0/16, 2001:db8::/48). Empty allows any source."
        >
          <Textarea
            id="sender-cidrs"
            name="allowedCidrs"
            defaultValue={initial.allowedCidrs}
            placeholder={"10.20.0.0/16\n2001:db8::/48"}
          />
        </Field>
      </section>

      <section className="grid gap-4 sm:grid-cols-3">
        <Field label="Messages per minute" htmlFor="sender-rate-minute" error={fields.rateLimitPerMinute}>
          <Input
            id="sender-rate-minute"
            name="rateLimitPerMinute"
            type="number"
            min={1}
            step={1}
            defaultValue={initial.rateLimitPerMinute}
            required
          />
        </Field>
        <Field label="Messages per day" htmlFor="sender-rate-day" error={fields.rateLimitPerDay}>
          <Input
            id="sender-rate-day"
            name="rateLimitPerDay"
            type="number"
            min={1}
            step={1}
            defaultValue={initial.rateLimitPerDay}
            required
          />
        </Field>
        <Field
          label="Review date"
          htmlFor="sender-review"
          error={fields.reviewDate}
          hint="Re-certify by this day; afterwards the sender is flagged."
        >
          <Input id="sender-review" name="reviewDate" type="date" defaultValue={initial.reviewDate} required />
        </Field>
      </section>

      <section className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Content profile"
          htmlFor="sender-content-profile"
          error={fields.contentProfileId}
          hint="What relays check in its mail (viruses, spam, attachments, DLP rules)."
        >
          <Select
            id="sender-content-profile"
            name="contentProfileId"
            defaultValue={initial.contentProfileId}
            data-testid="sender-content-profile"
          >
            <option value="">Default for its kind{kindDefault ? ` (${kindDefault.name})` : ""}</option>
            {contentProfiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
      </section>

      <div className="flex justify-end gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
        <Button asChild variant="secondary">
          <Link href={cancelHref}>Cancel</Link>
        </Button>
        <Button type="submit" disabled={pending} data-testid="sender-submit">
          {pending ? "Saving…" : mode === "create" ? "Submit for approval" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
