// POST /api/v1/relays/{id}/revoke-and-rotate – revoke a relay and rotate every DKIM key it held.

import { revokeRelayAndRotateKeys } from "@/lib/relays/revoke-relay-and-rotate-keys";
import { revokeRelayAndRotateKeysOperation } from "@/lib/server/api/operations/relays";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(revokeRelayAndRotateKeysOperation, ({ actor, params, body }) =>
  revokeRelayAndRotateKeys({ actor, input: { ...body, relayId: params.id } }),
);
