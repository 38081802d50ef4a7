import type { SmtpCredential } from "@/db/schema";

// What may leave the data layer about a credential: never the verifier (nor, of course, the secret).
export type CredentialView = Omit<SmtpCredential, "verifier">;

export function toCredentialView({ verifier: _verifier, ...view }: SmtpCredential): CredentialView {
  return view;
}

// The part of a credential an audit entry records: identity, scope and lifetime.
export function auditedCredential(credential: CredentialView) {
  const { id, senderId, username, secretPrefix, secretLast4, allowedCidrs, expiresAt, status, rotatedFromId } =
    credential;
  return {
    id,
    senderId,
    username,
    hint: `${secretPrefix}…${secretLast4}`,
    allowedCidrs,
    expiresAt,
    status,
    rotatedFromId,
  };
}
