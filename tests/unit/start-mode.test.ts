import { describe, expect, it } from "vitest";
import { startMode, startProblems } from "@/lib/server/config/start-mode";

const PG = "postgres://postgres@127.0.0.1:5432/switchyard";
const STRONG = "k3Jx9vQ2mZ7pL0sT8wYb4nR6cF1hD5gA+eU/iO_yW-qE";

describe("startMode: the demo only on the embedded database or when asked for", () => {
  it("is the demo on the embedded database", () => {
    expect(startMode({})).toEqual({ database: "pglite", demo: true });
  });

  it("is not the demo on PostgreSQL", () => {
    expect(startMode({ DATABASE_URL: PG })).toEqual({ database: "postgres", demo: false });
  });

  it("is the demo on PostgreSQL with SWITCHYARD_DEMO=1, and not on the embedded one with SWITCHYARD_DEMO=0", () => {
    expect(startMode({ DATABASE_URL: PG, SWITCHYARD_DEMO: "1" }).demo).toBe(true);
    expect(startMode({ SWITCHYARD_DEMO: "0" }).demo).toBe(false);
  });
});

describe("startProblems: what refuses a start before the build", () => {
  it("refuses PostgreSQL without SWITCHYARD_SECRET, naming the variable and how to make one", () => {
    const [problem] = startProblems({ DATABASE_URL: PG });
    expect(problem).toMatch(/SWITCHYARD_SECRET is required with DATABASE_URL/);
    expect(problem).toContain("openssl rand -base64 48");
  });

  it("refuses a weak SWITCHYARD_SECRET on either database", () => {
    expect(startProblems({ DATABASE_URL: PG, SWITCHYARD_SECRET: "a".repeat(64) })[0]).toMatch(
      /SWITCHYARD_SECRET is too predictable/,
    );
    expect(startProblems({ SWITCHYARD_SECRET: "short" })[0]).toMatch(/SWITCHYARD_SECRET is too short/);
  });

  it("accepts PostgreSQL with a strong secret", () => {
    expect(startProblems({ DATABASE_URL: PG, SWITCHYARD_SECRET: STRONG })).toEqual([]);
  });

  it("refuses a SWITCHYARD_DEMO that is neither 0 nor 1", () => {
    expect(startProblems({ SWITCHYARD_SECRET: STRONG, SWITCHYARD_DEMO: "yes" })).toEqual([
      expect.stringMatching(/SWITCHYARD_DEMO must be 1/),
    ]);
  });
});
