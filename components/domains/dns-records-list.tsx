import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { DnsRecord, DnsRecordPurpose } from "@/lib/domains/dns-records";

const PURPOSE_LABELS: Record<DnsRecordPurpose, string> = {
  dkim: "DKIM",
  spf: "SPF",
  dmarc: "DMARC",
  "dmarc-report-authorization": "DMARC report authorization",
};

function recordTestId(record: DnsRecord): string {
  return record.purpose === "dkim" ? `dns-dkim-${record.selector}` : `dns-${record.purpose}`;
}

// The TXT records to publish, each with copy buttons for the name, the value and a zone-file line.
export function DnsRecordsList({ records }: { records: DnsRecord[] }) {
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="dns-records">
      {records.map((record) => (
        <li key={`${record.purpose}-${record.name}`} className="space-y-2 px-4 py-3" data-testid={recordTestId(record)}>
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone="blue">{PURPOSE_LABELS[record.purpose]}</Badge>
            <span className="text-xs text-slate-500">{record.type}</span>
            <code className="break-all font-mono text-sm" data-testid="dns-record-name">
              {record.name}
            </code>
            <CopyButton value={record.name} label="Copy name" />
          </div>
          <div className="flex items-start gap-2">
            <code
              className="flex-1 break-all rounded bg-slate-50 px-2 py-1 font-mono text-xs dark:bg-slate-950"
              data-testid="dns-record-value"
            >
              {record.value}
            </code>
            <div className="flex shrink-0 flex-col gap-1">
              <CopyButton value={record.value} label="Copy value" />
              <CopyButton value={record.zoneLine} label="Copy zone line" />
            </div>
          </div>
          {record.strings.length > 1 ? (
            <p className="text-xs text-slate-500">
              Longer than 255 characters: in a zone file it is {record.strings.length} quoted strings (the zone line
              does this).
            </p>
          ) : null}
          {record.note ? <p className="text-xs text-slate-500">{record.note}</p> : null}
        </li>
      ))}
    </ul>
  );
}
