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

export async function configureSso(issuer: string, recheckMinutes: number): Promise<void> {
  await call("saveSsoProviderAction", {
    issuer,
    clientId: "switchyard-e2e",
    clientSecret: "e2e-client-secret",
    scopes: "openid email profile",
    label: "Sign in with Test IdP",
  });
  await call("saveSsoMappingAction", { claim: "groups", rules: SSO_MAPPING });
  await call("saveSsoRecheckAction", { minutes: recheckMinutes });
  // The app caches its SSO configuration for a few seconds: wait until the sign-in page offers it.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const page = await fetch(`${baseURL()}/sign-in`).then((r) => r.text());
    if (page.includes("Sign in with Test IdP")) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the sign-in page never offered single sign-on");
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
}
