// GET /api/v1/relays – relays and the policy version each has applied (the Relays page polls it).

import { listRelays } from "@/lib/relays/list-relays";
import { listRelaysOperation } from "@/lib/server/api/operations/relays";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listRelaysOperation, () => listRelays());
