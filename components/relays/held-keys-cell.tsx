import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";

export interface HeldKeyRow {
  dkimKeyId: string;
  domain: string;
  selector: string;
  status: string;
  firstServedAt: string;
}

// The DKIM private keys a relay was handed: those still in DNS (active or in their rotation
// overlap) are the ones a leaked relay could sign with; retired ones are only counted.
export function HeldKeysCell({ relayName, keys }: { relayName: string; keys: HeldKeyRow[] }) {
  const live = keys.filter((k) => k.status !== "retired");
  const retired = keys.length - live.length;
  if (!keys.length) return <span className="text-xs text-slate-500">none yet</span>;
  return (
    <ul className="space-y-1 text-xs" data-testid={`relay-keys-${relayName}`}>
      {live.map((key) => (
        <li key={key.dkimKeyId} data-testid="relay-held-key" data-selector={key.selector}>
          <span className="font-mono">{key.domain}</span> · <span className="font-mono">{key.selector}</span>{" "}
          {key.status === "active" ? null : <Badge tone="amber">{key.status}</Badge>}{" "}
          <span className="text-slate-500">
            since <LocalTime value={key.firstServedAt} />
          </span>
        </li>
      ))}
      {retired ? <li className="text-slate-500">+ {retired} retired</li> : null}
    </ul>
  );
}
