// npm run bench:sso [-- --url http://127.0.0.1:3000 --runs 40 --recheck-seconds 3 --changes 5]
// Single sign-on against a real OIDC provider started here on 127.0.0.1 (oauth2-mock-server, the
// one the tests use), at the HTTP level as a browser does it (next-auth's sign-in POST, the
// provider's authorization endpoint, the callback; cookies kept, redirects followed), side by side
// with a local password sign-in (the baseline), alternating run by run. Then how fast a signed-in
// user's role follows a group change at the provider: the bound with the default recheck setting,
// and measured with a small one (a request every POLL_MS until the role changes).
// It configures SSO through the Settings actions as the demo admin and switches it off at the end;
// it refuses to run if SSO is already configured (it would overwrite it).
//   --url / SWITCHYARD_URL (http://127.0.0.1:3000), --runs / BENCH_RUNS (40)
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_USERS } from "../lib/demo/seed";
import { ssoSignInHttp } from "../tests/support/oidc-flow";
import { type OidcIdentity, startOidcProvider } from "../tests/support/oidc-provider";
import { signInCookieAt } from "../tests/support/sign-in";
import { assertLoopback, loadAverage, median, p50p95 } from "./support/bench-common";
import { controlPlaneUrl, numberOption } from "./support/bench-options";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    runs: { type: "string" },
    "recheck-seconds": { type: "string" },
    changes: { type: "string" },
  },
});
const BASE_URL = controlPlaneUrl(values.url);
const RUNS = numberOption(values.runs, "BENCH_RUNS", 40);
const RECHECK_SECONDS = numberOption(values["recheck-seconds"], "BENCH_RECHECK_SECONDS", 3);
const CHANGES = numberOption(values.changes, "BENCH_CHANGES", 5);
const DEFAULT_RECHECK_MINUTES = 5;
const WARMUP = 3;
const POLL_MS = 250;
assertLoopback(BASE_URL);

function demo(role: string) {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo ${role} user`);
  return user;
}

// Server actions by "file#export", from the build's manifest (this checkout must be the running build).
const manifest = JSON.parse(fs.readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")) as {
  node: Record<string, { filename: string; exportedName: string }>;
};
async function settingsAction(cookie: string, name: string, input: unknown): Promise<void> {
  const id = Object.entries(manifest.node).find(
    ([, e]) => e.filename === "app/(dashboard)/settings/sso-actions.ts" && e.exportedName === name,
  )?.[0];
  if (!id) throw new Error(`${name} is not in this build (run npm run build in this checkout)`);
  const response = await fetch(`${BASE_URL}/settings`, {
    method: "POST",
    headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", origin: BASE_URL, cookie },
    body: JSON.stringify([input]),
  });
  const body = await response.text();
  if (!/"ok":true/.test(body)) throw new Error(`${name} failed: ${body.slice(0, 300)}`);
}

async function roleOf(cookie: string): Promise<string | null> {
  const html = await fetch(`${BASE_URL}/`, { headers: { cookie }, redirect: "manual" }).then((r) => r.text());
  return html.match(/data-testid="current-role">([a-z]+)</)?.[1] ?? null;
}

const adminCookie = await signInCookieAt(BASE_URL, demo("admin").email, demo("admin").password);
const signInPage = await fetch(`${BASE_URL}/sign-in`).then((r) => r.text());
if (signInPage.includes('data-testid="sso-sign-in"')) {
  console.error("Single sign-on is already configured on this control plane: not overwriting it.");
  process.exit(2);
}
const provider = await startOidcProvider();
const setRecheck = (minutes: number) => settingsAction(adminCookie, "saveSsoRecheckAction", { minutes });
try {
  await settingsAction(adminCookie, "saveSsoProviderAction", {
    issuer: provider.issuer,
    clientId: "switchyard-bench",
    clientSecret: "bench-client-secret",
    scopes: "openid email profile",
    label: "Sign in with Bench IdP",
  });
  await settingsAction(adminCookie, "saveSsoMappingAction", {
    claim: "groups",
    rules: [
      { group: "sec-team", role: "security" },
      { group: "readers", role: "auditor" },
    ],
  });
  await setRecheck(DEFAULT_RECHECK_MINUTES);
  // The app reads its SSO configuration at most every few seconds (pages and next-auth separately).
  const ssoReady = async () =>
    (await fetch(`${BASE_URL}/sign-in`).then((r) => r.text())).includes("Bench IdP") &&
    "sso" in (await fetch(`${BASE_URL}/api/auth/providers`).then((r) => r.json() as Promise<object>));
  for (let i = 0; i < 80 && !(await ssoReady()); i++) await new Promise((r) => setTimeout(r, 250));

  // A new identity per run: the provider, and so the issuer, is new every run.
  const id = Date.now().toString(36);
  const who: OidcIdentity = {
    sub: `bench-${id}`,
    email: `bench-sso-${id}@corp.test`,
    name: "Bench SSO",
    groups: ["sec-team"],
  };
  const password = demo("auditor");
  const sso: number[] = [];
  const local: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    provider.nextLogin(who);
    let started = performance.now();
    const result = await ssoSignInHttp(BASE_URL);
    const ssoMs = performance.now() - started;
    if (!result.sessionCookie) throw new Error(`SSO sign-in refused: ${result.location}`);
    started = performance.now();
    await signInCookieAt(BASE_URL, password.email, password.password);
    const localMs = performance.now() - started;
    if (run >= WARMUP) {
      sso.push(ssoMs);
      local.push(localMs);
    }
  }
  const s = p50p95(sso);
  const l = p50p95(local);
  console.log(`\nSign-in, ${RUNS} runs each (after ${WARMUP} warm-up), load ${loadAverage()}:`);
  console.log(
    `  SSO (OIDC code + PKCE, 4 HTTP exchanges + the app's token call):  p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms`,
  );
  console.log(
    `  local password (argon2id, baseline):                               p50 ${l.p50.toFixed(1)} ms  p95 ${l.p95.toFixed(1)} ms`,
  );

  // How the role follows a group change: measured with a small recheck interval.
  await setRecheck(RECHECK_SECONDS / 60);
  await new Promise((r) => setTimeout(r, 5_500)); // the app's configuration cache
  const follow: number[] = [];
  const refreshRequest: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    who.groups = ["sec-team"];
    provider.nextLogin(who);
    const { sessionCookie } = await ssoSignInHttp(BASE_URL);
    if (!sessionCookie || (await roleOf(sessionCookie)) !== "security")
      throw new Error("SSO sign-in as security failed");
    const changedAt = performance.now();
    who.groups = ["readers"];
    for (;;) {
      const before = provider.counts.refreshes;
      const started = performance.now();
      const role = await roleOf(sessionCookie);
      if (provider.counts.refreshes > before) refreshRequest.push(performance.now() - started);
      if (role === "auditor") break;
      if (performance.now() - changedAt > RECHECK_SECONDS * 1000 + 30_000) throw new Error("the role never followed");
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    follow.push((performance.now() - changedAt) / 1000);
  }
  console.log(`\nRole after a group change at the provider (${CHANGES} changes, a request every ${POLL_MS} ms):`);
  console.log(
    `  default sso.roleRecheckMinutes = ${DEFAULT_RECHECK_MINUTES}: at the user's first request once the claims are ${DEFAULT_RECHECK_MINUTES * 60} s old, so at most ${DEFAULT_RECHECK_MINUTES * 60} s after the change (+ that request)`,
  );
  console.log(
    `  measured with sso.roleRecheckMinutes = ${(RECHECK_SECONDS / 60).toFixed(3)} (${RECHECK_SECONDS} s): median ${median(follow).toFixed(1)} s, max ${Math.max(...follow).toFixed(1)} s`,
  );
  console.log(
    `  the request that re-reads the claims (refresh token grant): median ${median(refreshRequest).toFixed(1)} ms`,
  );
} finally {
  await settingsAction(adminCookie, "saveSsoProviderAction", {
    issuer: "",
    clientId: "",
    clearSecret: true,
    scopes: "openid email profile",
    label: "",
  }).catch((error) => console.error(`could not switch SSO off again: ${error.message}`));
  await setRecheck(DEFAULT_RECHECK_MINUTES).catch(() => undefined);
  await provider.stop();
}
