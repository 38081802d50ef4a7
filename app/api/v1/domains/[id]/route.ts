// GET /api/v1/domains/{id} – one sending domain, its DKIM keys (never a private key) and the DNS records to publish.

import { getDomain } from "@/lib/domains/get-domain";
import { getDomainOperation } from "@/lib/server/api/operations/domains";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(getDomainOperation, ({ params }) => getDomain({ id: params.id }));
