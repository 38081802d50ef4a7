// GET /api/v1/domains – sending domains; POST – register one with its first DKIM key.

import { addDomain } from "@/lib/domains/add-domain";
import { listDomains } from "@/lib/domains/list-domains";
import { addDomainOperation, listDomainsOperation } from "@/lib/server/api/operations/domains";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listDomainsOperation, async () => ({ domains: await listDomains() }));

export const POST = apiRoute(addDomainOperation, ({ actor, body }) => addDomain({ actor, input: body }));
