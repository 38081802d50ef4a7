// GET /api/v1/recertifications – the re-certification report: who confirmed which sender, what and when.

import { listRecertifications } from "@/lib/recertification/list-recertifications";
import { listRecertificationsOperation } from "@/lib/server/api/operations/recertification";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listRecertificationsOperation, ({ query }) => listRecertifications(query));
