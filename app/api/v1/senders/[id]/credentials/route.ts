// GET /api/v1/senders/{id}/credentials – list; POST – issue (the secret is in that response only).

import { issueCredential } from "@/lib/credentials/issue-credential";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { issueCredentialOperation, listCredentialsOperation } from "@/lib/server/api/operations/credentials";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listCredentialsOperation, async ({ params }) => ({
  credentials: await listCredentials({ senderId: params.id }),
}));

export const POST = apiRoute(issueCredentialOperation, ({ actor, params, body }) =>
  issueCredential({ actor, input: { ...body, senderId: params.id } }),
);
