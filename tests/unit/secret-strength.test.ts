import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { estimateSecretBits, MIN_SECRET_BITS, secretWeakness } from "@/lib/server/config/secret-strength";

describe("secretWeakness: length and estimated entropy of a deployment secret", () => {
  it("accepts what openssl rand -base64 48 makes, and the generated default", () => {
    for (let i = 0; i < 200; i++) {
      expect(secretWeakness(randomBytes(48).toString("base64"))).toBeNull();
      expect(secretWeakness(randomBytes(32).toString("base64url"))).toBeNull();
    }
  });

  it("refuses a secret under 32 characters", () => {
    expect(secretWeakness(randomBytes(16).toString("base64"))).toMatch(/too short \(24 characters, at least 32/);
  });

  it("refuses one repeated character and a repeated short pattern, however long", () => {
    expect(estimateSecretBits("a".repeat(100))).toBe(0);
    expect(secretWeakness("a".repeat(100))).toMatch(/SWITCHYARD_SECRET is too predictable .*openssl rand -base64 48/);
    expect(secretWeakness("0123456789abcdef".repeat(4))).toMatch(/too predictable \(about 64 bits/);
    expect(secretWeakness("Summer2024!".repeat(5))).toMatch(/too predictable/);
  });

  it("refuses a long secret of few distinct characters", () => {
    expect(estimateSecretBits("abababbabaabbbaabababbbaaabababb")).toBeLessThan(MIN_SECRET_BITS);
    expect(secretWeakness("abababbabaabbbaabababbbaaabababb")).toMatch(/too predictable/);
  });
});

describe("deploymentSecret: what the app encrypts with", () => {
  const saved = { ...process.env };
  const dirs: string[] = [];
  afterEach(() => {
    process.env = { ...saved };
    vi.resetModules();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-secret-"));
    dirs.push(dir);
    return dir;
  }

  async function freshSecretModule() {
    vi.resetModules();
    return import("@/lib/server/config/secret");
  }

  it("is never generated per host on PostgreSQL: without SWITCHYARD_SECRET it throws", async () => {
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:5432/switchyard";
    delete process.env.SWITCHYARD_SECRET;
    process.env.SWITCHYARD_DATA_DIR = tempDir();
    const { deploymentSecret } = await freshSecretModule();
    expect(() => deploymentSecret()).toThrow(/SWITCHYARD_SECRET is required with DATABASE_URL/);
    expect(fs.existsSync(path.join(process.env.SWITCHYARD_DATA_DIR, "secret"))).toBe(false);
  });

  it("refuses a weak SWITCHYARD_SECRET of 32 characters or more", async () => {
    process.env.SWITCHYARD_SECRET = "x".repeat(48);
    const { deploymentSecret } = await freshSecretModule();
    expect(() => deploymentSecret()).toThrow(/too predictable/);
  });

  it("generates a strong one on the embedded database, and refuses a generated file someone weakened", async () => {
    delete process.env.DATABASE_URL;
    delete process.env.SWITCHYARD_SECRET;
    const dir = tempDir();
    process.env.SWITCHYARD_DATA_DIR = path.join(dir, "not-yet");
    let secretModule = await freshSecretModule();
    expect(secretModule.deploymentSecret().length).toBeGreaterThanOrEqual(43);
    fs.writeFileSync(path.join(dir, "not-yet", "secret"), "password".repeat(5));
    secretModule = await freshSecretModule();
    expect(() => secretModule.deploymentSecret()).toThrow(/generated secret in .*too predictable/);
  });
});
