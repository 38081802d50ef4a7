import { describe, expect, it } from "vitest";
import { classifyImport, importsOf, resolveSpecifier } from "../../scripts/check-layers";

const kind = (from: string, target: string, typeOnly = false) => classifyImport(from, target, typeOnly).kind;

describe("layer check: which imports go the wrong way (app → components → lib → db)", () => {
  it("allows imports pointing down the layers and within a layer", () => {
    expect(kind("app/(dashboard)/senders/page.tsx", "components/senders/sender-table")).toBe("ok");
    expect(kind("components/senders/sender-table.tsx", "lib/senders/list-senders")).toBe("ok");
    expect(kind("lib/senders/list-senders.ts", "db/schema")).toBe("ok");
    expect(kind("lib/a/x.ts", "lib/b/y")).toBe("ok");
  });

  it("refuses imports pointing up", () => {
    expect(kind("db/seed.ts", "lib/users/create-user")).toBe("violation");
    expect(kind("db/schema/users.ts", "lib/auth/roles")).toBe("violation");
    expect(kind("lib/x/y.ts", "components/ui/button")).toBe("violation");
    expect(kind("lib/x/y.ts", "app/(dashboard)/senders/actions")).toBe("violation");
    expect(kind("components/x/y.tsx", "app/(dashboard)/senders/page")).toBe("violation");
  });

  it("lets only the database client and migrator read lib/server/config", () => {
    expect(kind("db/client.ts", "lib/server/config/paths")).toBe("ok");
    expect(kind("db/migrate.ts", "lib/server/config/paths")).toBe("ok");
    expect(kind("db/pg-listener.ts", "lib/server/config/paths")).toBe("violation");
    expect(kind("db/client.ts", "lib/errors")).toBe("violation");
  });

  it("refuses components importing app/, server actions included (those components live in app/**/_components)", () => {
    expect(kind("components/senders/register-dialog.tsx", "app/(dashboard)/senders/actions")).toBe("violation");
    expect(kind("components/senders/register-dialog.tsx", "app/(dashboard)/senders/[id]/credential-actions")).toBe(
      "violation",
    );
    expect(kind("app/(dashboard)/senders/_components/decision-dialog.tsx", "app/(dashboard)/senders/actions")).toBe(
      "ok",
    );
    expect(kind("components/x/y.tsx", "app/(dashboard)/senders/transactions")).toBe("violation");
  });

  it("lets components import db/schema for types only, and nothing else of db/", () => {
    expect(kind("components/audit/audit-table.tsx", "db/schema", true)).toBe("ok");
    expect(kind("components/x/y.tsx", "db/schema/senders", true)).toBe("ok");
    expect(kind("components/x/y.tsx", "db/schema", false)).toBe("violation");
    expect(kind("components/x/y.tsx", "db/client", true)).toBe("violation");
    expect(kind("components/x/y.tsx", "db/client", false)).toBe("violation");
  });

  it("finds imports with their line, type-only or not, and resolves paths", () => {
    const source = [
      'import "server-only";',
      'import type { A } from "@/db/schema";',
      "import {",
      "  type B,",
      "  type C,",
      '} from "../../db/schema";',
      'import { getDb } from "@/db/client";',
      'export { x } from "./x";',
      'const m = await import("@/lib/y");',
    ].join("\n");
    expect(importsOf(source)).toEqual([
      { line: 1, specifier: "server-only", typeOnly: false },
      { line: 2, specifier: "@/db/schema", typeOnly: true },
      { line: 3, specifier: "../../db/schema", typeOnly: true },
      { line: 7, specifier: "@/db/client", typeOnly: false },
      { line: 8, specifier: "./x", typeOnly: false },
      { line: 9, specifier: "@/lib/y", typeOnly: false },
    ]);
    expect(resolveSpecifier("components/a/b.tsx", "../../db/schema")).toBe("db/schema");
    expect(resolveSpecifier("lib/a/b.ts", "@/lib/c")).toBe("lib/c");
    expect(resolveSpecifier("lib/a/b.ts", "drizzle-orm")).toBeUndefined();
  });
});
