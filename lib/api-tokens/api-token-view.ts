import type { ApiToken } from "@/db/schema";

export type ApiTokenView = Omit<ApiToken, "verifier"> & { ownerEmail: string };

export function toApiTokenView({ verifier: _verifier, ...token }: ApiToken, ownerEmail: string): ApiTokenView {
  return { ...token, ownerEmail };
}
