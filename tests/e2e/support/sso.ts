// Points the running app at a test OIDC provider through the Settings actions (as an admin would),
// and switches single sign-on off again afterwards.
import { resultOf } from "../authz/fixtures";
import { baseURL, demoCookie } from "./http-session";
import { buildServerActions, postServerAction } from "./server-actions";

export const SSO_MAPPING = [
  { group: "switchyard-admins", role: "admin" },
  { group: "sec-team", role: "security" },
  { group: "ops", role: "infra" },
  { group: "readers", role: "auditor" },
] as const;

async function call(name: string, input: unknown): Promise<unknown> {
  const action = buildServerActions().get(`app/(dashboard)/settings/sso-actions.ts#${name}`);
  if (!action) throw new Error(`no server action ${name} in the build`);
  const response = await postServerAction(action, [input], await demoCookie("admin"));
  const result = resultOf(response.body);
  if (!result?.ok) throw new Error(`${name} failed: ${response.body.slice(0, 300)}`);
  return result.data;
}

// The mapping and the recheck interval first: the app reads all SSO settings together, so once it
// sees the provider on it also sees this mapping (saved after, a cached read could pair the new
// provider with an earlier mapping for a few seconds).
export async function configureSso(issuer: string, recheckMinutes: number): Promise<void> {
  await call("saveSsoMappingAction", { claim: "groups", rules: SSO_MAPPING });
  await call("saveSsoRecheckAction", { minutes: recheckMinutes });
  await call("saveSsoProviderAction", {
    issuer,
    clientId: "switchyard-e2e",
    clientSecret: "e2e-client-secret",
    scopes: "openid email profile",
    label: "Sign in with Test IdP",
  });
  await waitForSso(true);
}

// The app caches its SSO configuration for a few seconds (per bundle: pages and next-auth's route
// handler each hold one): wait until both the sign-in page and next-auth agree.
async function waitForSso(on: boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const page = await fetch(`${baseURL()}/sign-in`).then((r) => r.text());
    const providers = await fetch(`${baseURL()}/api/auth/providers`).then((r) => r.json() as Promise<object>);
    if (page.includes("Sign in with Test IdP") === on && "sso" in providers === on) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`single sign-on never turned ${on ? "on" : "off"}`);
}

export async function disableSso(): Promise<void> {
  await call("saveSsoProviderAction", {
    issuer: "",
    clientId: "",
    clearSecret: true,
    scopes: "openid email profile",
    label: "",
  });
  await call("saveSsoRecheckAction", { minutes: 5 });
  await waitForSso(false);
}
