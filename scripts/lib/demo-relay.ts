import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { relays } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { authenticateRelay } from "@/lib/relays/authenticate-relay";
import { registerRelay } from "@/lib/relays/register-relay";
import { dataDir } from "@/lib/server/config/paths";

const TOKEN_FILE = "demo-relay-token";
export const DEMO_RELAY_NAME = "demo-relay";

// The relay `npm start` runs: registered once, its token kept in the data directory (0600), so
// restarts reuse it. A token that no longer works (revoked) is replaced by a new registration.
export async function ensureDemoRelayToken(): Promise<string> {
  const file = path.join(dataDir(), TOKEN_FILE);
  if (fs.existsSync(file)) {
    const token = fs.readFileSync(file, "utf8").trim();
    try {
      await authenticateRelay(`Bearer ${token}`);
      return token;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  let name = DEMO_RELAY_NAME;
  for (let n = 2; (await getDb().select({ id: relays.id }).from(relays).where(eq(relays.name, name))).length > 0; n++)
    name = `${DEMO_RELAY_NAME}-${n}`;
  const { token } = await registerRelay({ actor: { ...SYSTEM_ACTOR, label: "npm start" }, input: { name } });
  fs.writeFileSync(file, token, { mode: 0o600 });
  return token;
}
