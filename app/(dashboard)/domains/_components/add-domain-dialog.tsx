"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { addDomainAction } from "@/app/(dashboard)/domains/actions";
import { ActionDialog } from "@/components/action-dialog";
import { KeyOptionsFields } from "@/components/domains/key-options-fields";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

// Added: the dialog closes and the domain's page opens (its DNS records are there).
export function AddDomainDialog({ defaultReportEmail }: { defaultReportEmail: string }) {
  const router = useRouter();
  return (
    <ActionDialog
      trigger={
        <Button data-testid="add-domain-open">
          <Plus className="size-4" aria-hidden /> Add domain
        </Button>
      }
      title="Add a sending domain"
      description="Its first DKIM key is generated now; then publish the DNS records shown on the domain's page."
      action={addDomainAction}
      submitLabel="Add domain"
      pendingLabel="Generating key…"
      testId="add-domain"
      submitTestId="add-domain-submit"
      onDone={(added) => router.push(`/domains/${added.domain.id}`)}
    >
      {(fieldErrors) => (
        <>
          <Field
            label="Domain"
            htmlFor="domain-name"
            error={fieldErrors.domain}
            hint="The domain in the From address, like mail.example.com. Unicode names are stored as punycode."
          >
            <Input
              id="domain-name"
              name="domain"
              required
              autoComplete="off"
              placeholder="mail.example.com"
              aria-invalid={!!fieldErrors.domain}
            />
          </Field>
          <Field
            label="DMARC report address (optional)"
            htmlFor="domain-dmarc"
            error={fieldErrors.dmarcReportEmail}
            hint={`Empty: ${defaultReportEmail} (setting dmarc.reportEmail).`}
          >
            <Input
              id="domain-dmarc"
              name="dmarcReportEmail"
              type="email"
              autoComplete="off"
              aria-invalid={!!fieldErrors.dmarcReportEmail}
            />
          </Field>
          <KeyOptionsFields idPrefix="domain-key" errors={fieldErrors} />
        </>
      )}
    </ActionDialog>
  );
}
