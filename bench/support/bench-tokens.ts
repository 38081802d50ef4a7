// For the benches: a relay token (and, when asked, an admin's API token) minted directly in a
// PostgreSQL database that a running control plane uses, with the same domain functions as
// `npm run relay:register` / `npm run token:create`, and revoked again after the run. (PGlite allows
// one process, so for a control plane on PGlite the tokens must be made before it starts.)
export interface BenchTokens {
  relayToken: string;
  apiToken: string | null;
  revoke: () => Promise<void>;
}

export async function mintBenchTokens(
  databaseUrl: string,
  { label, api }: { label: string; api: boolean },
): Promise<BenchTokens> {
  process.env.DATABASE_URL = databaseUrl;
  const { closeDb, getDb } = await import("@/db/client");
  const { users } = await import("@/db/schema");
  const { registerRelay } = await import("@/lib/relays/register-relay");
  const { revokeRelay } = await import("@/lib/relays/revoke-relay");
  const { createApiToken } = await import("@/lib/api-tokens/create-api-token");
  const { revokeApiToken } = await import("@/lib/api-tokens/revoke-api-token");
  const { SYSTEM_ACTOR } = await import("@/lib/audit/actor");
  const { eq } = await import("drizzle-orm");
  const actor = { ...SYSTEM_ACTOR, label };
  const name = `${label.replace(/[^a-z0-9-]/gi, "-")}-${process.pid}-${Date.now().toString(36)}`;
  const { relay, token: relayToken } = await registerRelay({ actor, input: { name } });
  let apiToken: string | null = null;
  let revokeApi = async () => {};
  if (api) {
    const [admin] = await getDb().select().from(users).where(eq(users.role, "admin")).limit(1);
    if (!admin) throw new Error("The database has no admin user (run the demo seed or npm run user:create first).");
    const created = await createApiToken({ actor, input: { userId: admin.id, name, expiresInDays: 1 } });
    apiToken = created.token;
    revokeApi = () =>
      revokeApiToken({ actor: { ...actor, kind: "user", id: admin.id }, input: { tokenId: created.view.id } });
  }
  return {
    relayToken,
    apiToken,
    revoke: async () => {
      await revokeRelay({ actor, input: { relayId: relay.id, reason: "bench run finished" } }).catch((e: Error) =>
        console.error(`Could not revoke the bench relay: ${e.message}`),
      );
      await revokeApi().catch((e: Error) => console.error(`Could not revoke the bench API token: ${e.message}`));
      await closeDb();
    },
  };
}

// The tokens for the optional PostgreSQL target (BENCH_PG_URL): BENCH_PG_RELAY_TOKEN (and, when
// asked, BENCH_PG_API_TOKEN), or, for those not set, minted in its database for the run.
export async function pgTargetTokens(
  databaseUrl: string,
  { label, api }: { label: string; api: boolean },
): Promise<BenchTokens> {
  const relayToken = process.env.BENCH_PG_RELAY_TOKEN;
  const apiToken = api ? process.env.BENCH_PG_API_TOKEN : undefined;
  if (relayToken && (!api || apiToken)) return { relayToken, apiToken: apiToken ?? null, revoke: async () => {} };
  const minted = await mintBenchTokens(databaseUrl, { label, api });
  return { relayToken: relayToken ?? minted.relayToken, apiToken: apiToken ?? minted.apiToken, revoke: minted.revoke };
}
