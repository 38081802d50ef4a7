// POST /api/v1/credentials/{id}/revoke – revoked at once, with a reason.

import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { revokeCredentialOperation } from "@/lib/server/api/operations/credentials";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(revokeCredentialOperation, ({ actor, params, body }) =>
  revokeCredential({ actor, input: { ...body, credentialId: params.id } }),
);
