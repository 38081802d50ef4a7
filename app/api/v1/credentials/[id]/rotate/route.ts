// POST /api/v1/credentials/{id}/rotate – successor issued, the old one expires after the overlap.

import { rotateCredential } from "@/lib/credentials/rotate-credential";
import { rotateCredentialOperation } from "@/lib/server/api/operations/credentials";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(rotateCredentialOperation, ({ actor, params, body }) =>
  rotateCredential({ actor, input: { ...body, credentialId: params.id } }),
);
