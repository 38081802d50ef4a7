// GET /api/v1/deliverability – the Deliverability page's data for a range and filters (the page polls it).

import { deliverabilityDashboard } from "@/lib/deliverability/dashboard";
import { getDeliverabilityOperation } from "@/lib/server/api/operations/deliverability";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(getDeliverabilityOperation, ({ query }) => deliverabilityDashboard({ query }));
