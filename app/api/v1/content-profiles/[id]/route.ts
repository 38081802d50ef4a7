// GET /api/v1/content-profiles/{id} – one profile with its rules and senders; PATCH – edit it
// (only the fields sent change); DELETE – delete it (409 while a default or in use).

import { deleteContentProfile } from "@/lib/content/delete-profile";
import { getContentProfile } from "@/lib/content/list-profiles";
import { updateContentProfile } from "@/lib/content/update-profile";
import { AppError } from "@/lib/errors";
import {
  deleteContentProfileOperation,
  getContentProfileOperation,
  updateContentProfileOperation,
} from "@/lib/server/api/operations/content-profiles";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(getContentProfileOperation, async ({ params }) => {
  const profile = await getContentProfile(params.id);
  if (!profile) throw new AppError("not_found", "No such content profile");
  return profile;
});

export const PATCH = apiRoute(updateContentProfileOperation, ({ actor, params, body }) =>
  updateContentProfile({ actor, input: { ...body, profileId: params.id } }),
);

export const DELETE = apiRoute(deleteContentProfileOperation, ({ actor, params }) =>
  deleteContentProfile({ actor, input: { profileId: params.id } }),
);
