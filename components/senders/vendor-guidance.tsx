import { Card, CardHeader } from "@/components/ui/card";
import type { RelayConnection, SaasVendor } from "@/lib/senders/vendor-catalog";

// Where in the vendor's product to enter the relay, with this deployment's host and port filled in.
export function VendorGuidance({ vendor, relay }: { vendor: SaasVendor; relay: RelayConnection }) {
  return (
    <Card data-testid="vendor-guidance">
      <CardHeader title={`Connecting ${vendor.name}`} description={vendor.where} />
      <div className="space-y-3 px-4 py-3 text-sm">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-xs">
          <dt className="text-slate-500">Relay host</dt>
          <dd className="font-mono" data-testid="guidance-host">
            {relay.host}
          </dd>
          <dt className="text-slate-500">Port</dt>
          <dd className="font-mono">{relay.port} (STARTTLS required)</dd>
          <dt className="text-slate-500">Authentication</dt>
          <dd>SMTP AUTH with this sender's credential (username and secret)</dd>
        </dl>
        <ol className="list-decimal space-y-1.5 pl-5">
          {vendor.steps(relay).map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        {vendor.notes?.map((note) => (
          <p key={note} className="text-xs text-slate-500">
            {note}
          </p>
        ))}
      </div>
    </Card>
  );
}
