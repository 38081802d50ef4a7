import { describe, expect, it } from "vitest";
import { DEMO_USERS } from "@/lib/demo/seed";
import { FIRST_ADMIN_COMMAND, startBanner } from "@/scripts/lib/start-banner";

const postgres = { mode: "postgres" as const, location: "127.0.0.1:5432/switchyard" };
const pglite = { mode: "pglite" as const, location: "/srv/.data/pglite" };

describe("startBanner: what npm start prints once the dashboard answers", () => {
  it("on PostgreSQL without users: no demo logins, how to create the first admin, how to run a relay", () => {
    const text = startBanner({
      url: "http://localhost:3000",
      mode: { database: "postgres", demo: false },
      database: postgres,
      seeded: false,
      userCount: 0,
    }).join("\n");
    for (const demo of DEMO_USERS) {
      expect(text).not.toContain(demo.email);
      expect(text).not.toContain(demo.password);
    }
    expect(text).toContain("No users yet. Create the first admin");
    expect(text).toContain(FIRST_ADMIN_COMMAND);
    expect(text).toContain("npm run relay:register -- --name <name>");
    expect(text).not.toContain("SMTP relay");
  });

  it("outside the demo with users: neither demo logins nor the first-admin hint", () => {
    const text = startBanner({
      url: "http://localhost:3000",
      mode: { database: "postgres", demo: false },
      database: postgres,
      seeded: false,
      userCount: 3,
    }).join("\n");
    expect(text).not.toMatch(/Demo logins|demo-admin-password|No users yet/);
  });

  it("in the demo: the relay, the sink, a send-test line and every demo login", () => {
    const text = startBanner({
      url: "http://localhost:3000",
      mode: { database: "pglite", demo: true },
      database: pglite,
      seeded: true,
      userCount: DEMO_USERS.length,
      relay: { host: "127.0.0.1", port: 2525 },
      sink: { host: "127.0.0.1", port: 2526 },
      demoSecret: { sender: "Orders", username: "sy_orders", secret: "sysmtp_x", from: "orders@shop.example.com" },
    }).join("\n");
    expect(text).toContain("Demo logins (created just now by the demo seed):");
    for (const demo of DEMO_USERS) expect(text).toContain(demo.password);
    expect(text).toContain("SMTP relay  127.0.0.1:2525");
    expect(text).toContain("npm run send-test -- --port 2525 --user sy_orders");
    expect(text).not.toContain("No users yet");
  });

  it("in the demo: each content scanner's line, a missing one said plainly", () => {
    const text = startBanner({
      url: "http://localhost:3000",
      mode: { database: "pglite", demo: true },
      database: pglite,
      seeded: false,
      userCount: DEMO_USERS.length,
      relay: { host: "127.0.0.1", port: 2525 },
      sink: { host: "127.0.0.1", port: 2526 },
      scanners: [
        "  clamd       NOT INSTALLED (apt install clamav-daemon) — virus scanning is UNAVAILABLE: …",
        "  rspamd      http://127.0.0.1:11333 (minimal local config)",
      ],
    }).join("\n");
    expect(text).toContain("clamd       NOT INSTALLED (apt install clamav-daemon)");
    expect(text).toContain("rspamd      http://127.0.0.1:11333");
  });
});
