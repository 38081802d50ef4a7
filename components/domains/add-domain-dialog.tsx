"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addDomainAction } from "@/app/(dashboard)/domains/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { KeyOptionsFields } from "./key-options-fields";

export function AddDomainDialog({ defaultReportEmail }: { defaultReportEmail: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { run, pending, error, reset } = useAction(addDomainAction);
  const fields = error?.fieldErrors ?? {};
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button data-testid="add-domain-open">
          <Plus className="size-4" aria-hidden /> Add domain
        </Button>
      </DialogTrigger>
      <DialogContent title="Add a sending domain" description="Its first DKIM key is generated now; then publish the DNS records shown on the domain's page.">
        <form
          className="space-y-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            run(new FormData(event.currentTarget), (added) => {
              setOpen(false);
              router.push(`/domains/${added.domain.id}`);
            });
          }}
        >
          {error ? <Alert testId="add-domain-error">{error.message}</Alert> : null}
          <Field label="Domain" htmlFor="domain-name" error={fields.domain} hint="The domain in the From address, like mail.example.com. Unicode names are stored as punycode.">
            <Input id="domain-name" name="domain" required autoComplete="off" placeholder="mail.example.com" aria-invalid={!!fields.domain} />
          </Field>
          <Field label="DMARC report address (optional)" htmlFor="domain-dmarc" error={fields.dmarcReportEmail} hint={`Empty: ${defaultReportEmail} (setting dmarc.reportEmail).`}>
            <Input id="domain-dmarc" name="dmarcReportEmail" type="email" autoComplete="off" aria-invalid={!!fields.dmarcReportEmail} />
          </Field>
          <KeyOptionsFields idPrefix="domain-key" errors={fields} />
          <div className="flex justify-end gap-2 pt-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending} data-testid="add-domain-submit">
              {pending ? "Generating key…" : "Add domain"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
