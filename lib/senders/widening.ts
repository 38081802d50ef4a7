import type { SenderChangeSet } from "@/db/schema";
import { ipInCidrs, parseCidr } from "@/lib/validations/network";
import { fromAddressDomain } from "@/lib/validations/senders";

// The fields relays enforce. Widening one of them on an approved sender needs a second person.
export const RELAY_FIELDS = [
  "fromDomainIds",
  "allowedFromAddresses",
  "allowedCidrs",
  "rateLimitPerMinute",
  "rateLimitPerDay",
  "contentProfileId",
] as const satisfies readonly (keyof SenderChangeSet)[];
export type RelayField = (typeof RELAY_FIELDS)[number];
export type RelayValues = Required<SenderChangeSet>;

// Lists compare as sets: reordering the same networks is not a change.
export function sameFieldValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
  return (a ?? null) === (b ?? null);
}

// Inside one of the old networks. A network covered only by several old ones together counts as
// new (widening): the safe side, and rare for networks people write by hand.
function networkCovered(cidr: string, old: readonly string[]): boolean {
  const network = parseCidr(cidr);
  if (!network) return false;
  return old.some((o) => {
    const outer = parseCidr(o);
    return (
      !!outer && outer.family === network.family && outer.prefix <= network.prefix && ipInCidrs(network.address, [o])
    );
  });
}

const addressCovered = (address: string, old: readonly string[]) =>
  old.includes(address) || old.includes(`*@${fromAddressDomain(address)}`);

// Whether going from `before` to `after` lets the sender do something it could not. An empty
// address or network list means "any", so emptying a list widens and filling an empty one narrows.
export function widens(field: RelayField, before: RelayValues[RelayField], after: RelayValues[RelayField]): boolean {
  switch (field) {
    case "fromDomainIds":
      return (after as string[]).some((id) => !(before as string[]).includes(id));
    case "allowedFromAddresses": {
      const [old, next] = [before as string[], after as string[]];
      return old.length > 0 && (next.length === 0 || next.some((a) => !addressCovered(a, old)));
    }
    case "allowedCidrs": {
      const [old, next] = [before as string[], after as string[]];
      return old.length > 0 && (next.length === 0 || next.some((c) => !networkCovered(c, old)));
    }
    // Profiles live in the database: the caller judges (lib/content/profile-strictness.ts) and
    // hands its verdict to splitEdit. Unjudged, any other profile counts as fewer checks.
    case "contentProfileId":
      return true;
    default:
      return (after as number) > (before as number);
  }
}

export interface SplitEdit {
  // The relay fields as they are after the edit applies at once.
  now: RelayValues;
  // The widening part: the full proposed value of each field that waits for a second person.
  pending: SenderChangeSet;
}

// Splits an edit of an approved sender: narrowing and unchanged fields apply now, widening ones
// wait. `fits(addresses, domainIds)` says whether addresses lie at those domains; when applying
// addresses (or domains) now would leave them apart, they wait with the rest. `profileWidens`:
// whether the new content profile checks less than the old one (judged by the caller).
export function splitEdit(
  applied: RelayValues,
  target: RelayValues,
  fits: (addresses: string[], domainIds: string[]) => boolean,
  profileWidens = true,
): SplitEdit {
  const now: RelayValues = { ...applied };
  const pending: SenderChangeSet = {};
  const defer = <F extends RelayField>(field: F) => {
    if (sameFieldValue(applied[field], target[field])) return;
    (pending as Record<F, RelayValues[F]>)[field] = target[field];
    now[field] = applied[field];
  };
  for (const field of RELAY_FIELDS) {
    if (sameFieldValue(applied[field], target[field])) continue;
    const widening = field === "contentProfileId" ? profileWidens : widens(field, applied[field], target[field]);
    if (widening) defer(field);
    else (now as Record<RelayField, unknown>)[field] = target[field];
  }
  if (!fits(now.allowedFromAddresses, now.fromDomainIds)) defer("allowedFromAddresses");
  if (!fits(now.allowedFromAddresses, now.fromDomainIds)) defer("fromDomainIds");
  return { now, pending };
}

export const changedFields = (changes: SenderChangeSet): RelayField[] =>
  RELAY_FIELDS.filter((f) => changes[f] !== undefined);
