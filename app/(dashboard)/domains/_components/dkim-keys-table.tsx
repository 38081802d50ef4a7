import { RetireKeyDialog } from "@/app/(dashboard)/domains/_components/retire-key-dialog";
import { KeyStatusBadge } from "@/components/domains/key-status-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { DkimKeyView } from "@/lib/domains/domain-view";

export function DkimKeysTable({
  keys,
  domainName,
  manage,
}: {
  keys: DkimKeyView[];
  domainName: string;
  manage: boolean;
}) {
  if (keys.length === 0)
    return <EmptyState title="No DKIM keys">Generate one so relays can sign this domain's mail.</EmptyState>;
  return (
    <Table data-testid="dkim-keys-table">
      <thead>
        <tr>
          <Th>Selector</Th>
          <Th>Status</Th>
          <Th>Algorithm</Th>
          <Th>Created</Th>
          <Th>Retire after</Th>
          {manage ? <Th className="text-right">Actions</Th> : null}
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key.id} data-testid={`dkim-key-row-${key.selector}`}>
            <Td className="font-mono">{key.selector}</Td>
            <Td>
              <KeyStatusBadge keyView={key} />
            </Td>
            <Td>
              {key.algorithm === "rsa" ? "RSA" : "Ed25519"}
              {key.bits ? <span className="text-slate-500"> · {key.bits} bits</span> : null}
            </Td>
            <Td className="text-xs text-slate-500">
              <LocalTime value={key.createdAt} />
            </Td>
            <Td className="text-xs text-slate-500">
              {key.retiredAt ? (
                <>
                  retired <LocalTime value={key.retiredAt} />
                </>
              ) : key.retireAfter ? (
                <LocalTime value={key.retireAfter} />
              ) : (
                "—"
              )}
            </Td>
            {manage ? (
              <Td className="text-right">
                {key.status === "published" ? (
                  <RetireKeyDialog keyId={key.id} selector={key.selector} domainName={domainName} />
                ) : null}
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
