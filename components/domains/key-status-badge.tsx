import { Badge } from "@/components/ui/badge";
import type { DkimKeyView } from "@/lib/domains/domain-view";

// "published" covers two cases: a staged key (not yet signing) and a previous key in its overlap.
export function KeyStatusBadge({ keyView }: { keyView: Pick<DkimKeyView, "status" | "retireAfter"> }) {
  if (keyView.status === "active") return <Badge tone="green">active</Badge>;
  if (keyView.status === "retired") return <Badge>retired</Badge>;
  return keyView.retireAfter ? <Badge tone="amber">published (overlap)</Badge> : <Badge tone="blue">staged</Badge>;
}
