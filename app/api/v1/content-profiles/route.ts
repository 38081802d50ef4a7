// GET /api/v1/content-profiles – every profile with rule and sender counts; POST – create one.

import { createContentProfile } from "@/lib/content/create-profile";
import { listContentProfiles } from "@/lib/content/list-profiles";
import {
  createContentProfileOperation,
  listContentProfilesOperation,
} from "@/lib/server/api/operations/content-profiles";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listContentProfilesOperation, async () => ({ profiles: await listContentProfiles() }));

export const POST = apiRoute(createContentProfileOperation, ({ actor, body }) =>
  createContentProfile({ actor, input: body }),
);
