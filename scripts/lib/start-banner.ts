import type { DemoSecret } from "@/lib/demo/demo-registry";
import { DEMO_USERS } from "@/lib/demo/seed";
import type { StartMode } from "@/lib/server/config/start-mode";

export const FIRST_ADMIN_COMMAND = "npm run user:create -- --role admin";

export interface BannerFacts {
  url: string;
  mode: StartMode;
  database: { mode: "pglite" | "postgres"; location: string };
  // Set when the demo seed ran in this start.
  seeded: boolean;
  userCount: number;
  // The demo's reference relay and sink, when they run.
  relay?: { host: string; port: number };
  sink?: { host: string; port: number };
  // The demo's content scanners, one line each (running, or plainly missing).
  scanners?: string[];
  demoSecret?: DemoSecret;
}

// What `npm start` prints once the dashboard answers: where things run and how to sign in.
// Demo logins only in demo mode; without users, how to create the first admin.
export function startBanner(facts: BannerFacts): string[] {
  const { url, mode, relay, sink, demoSecret } = facts;
  const lines = ["", "Switchyard is running.", `  Dashboard   ${url}`];
  if (relay && sink) {
    lines.push(
      `  SMTP relay  ${relay.host}:${relay.port} (STARTTLS, AUTH PLAIN/LOGIN; self-signed certificate)`,
      `  Mail sink   ${sink.host}:${sink.port} — list what arrived with: npm run sink:list`,
      ...(facts.scanners ?? []),
    );
    if (demoSecret) {
      lines.push(
        `  Try it      npm run send-test -- --port ${relay.port} --user ${demoSecret.username} --pass ${demoSecret.secret} --from ${demoSecret.from} --to someone@gmail.com`,
      );
    }
  }
  lines.push(
    `  Database    ${facts.database.mode === "pglite" ? `embedded PGlite in ${facts.database.location}` : `PostgreSQL ${facts.database.location}`}`,
  );
  if (!mode.demo) {
    lines.push(
      "  Relays      none started here (no demo): register one with npm run relay:register -- --name <name>",
      `              and run it where it should relay: npm run relay -- --token <token> --control-url ${url}`,
    );
  }
  if (facts.userCount === 0) {
    // The embedded database allows one process: user:create opens it once the server is stopped.
    const when = facts.database.mode === "pglite" ? " after stopping the server" : "";
    lines.push(
      "",
      `No users yet. Create the first admin${when} (its password is generated and shown once):`,
      `  ${FIRST_ADMIN_COMMAND}`,
    );
  } else if (mode.demo) {
    lines.push(
      "",
      facts.seeded
        ? "Demo logins (created just now by the demo seed):"
        : "Demo logins (if the demo seed created them earlier):",
      ...DEMO_USERS.map((u) => `  ${u.role.padEnd(9)} ${u.email.padEnd(28)} ${u.password}`),
    );
  }
  lines.push("", "Press Ctrl+C to stop.");
  return lines;
}
