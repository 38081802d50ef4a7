import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  type ClamdProcess as LocalClamd,
  type RspamdProcess as LocalRspamd,
  startLocalClamd,
  startLocalRspamd,
} from "../../relay/local-scanners";

// Real clamd and rspamd for tests: relay/local-scanners.ts (also what the demo runs), each in a
// temp dir of the test's own, stopped and removed again. Nothing is downloaded: clamd gets a
// one-line local signature database for the EICAR test file (no freshclam), rspamd a minimal
// config in which its built-in GTUBE check works. When a binary is missing the tests skip loudly,
// unless REQUIRE_SCANNERS=1 (CI), where a missing scanner is a failure.

export {
  CLAMD_BIN,
  EICAR,
  EICAR_SIGNATURE,
  freePort,
  GTUBE,
  RSPAMD_BIN,
} from "../../relay/local-scanners";

/**
 * True when the scanner's binary is missing and its tests should skip: says so loudly, naming the
 * Debian package. With REQUIRE_SCANNERS=1 a missing binary throws instead, failing the test file.
 */
export function scannerMissing(binary: string, aptPackage: string): boolean {
  if (fs.existsSync(binary)) return false;
  const message = `${binary} not found: install the Debian package "${aptPackage}" to run these tests`;
  if (process.env.REQUIRE_SCANNERS === "1") throw new Error(`${message} (REQUIRE_SCANNERS=1)`);
  console.warn(`\n⚠️  SKIPPING scanner tests: ${message}\n`);
  return true;
}

export interface ClamdProcess extends LocalClamd {
  remove(): void;
}

export interface RspamdProcess extends LocalRspamd {
  remove(): void;
}

const removable = (dir: string) => () => fs.rmSync(dir, { recursive: true, force: true });

/** clamd with the EICAR signature; streamMaxLength small so the over-limit reply is testable. */
export async function startClamd({
  streamMaxLength = 256 * 1024,
}: {
  streamMaxLength?: number;
} = {}): Promise<ClamdProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-clamd-"));
  return { ...(await startLocalClamd({ dir, streamMaxLength })), remove: removable(dir) };
}

/** rspamd with the minimal config (GTUBE rejects with the reject score). */
export async function startRspamd(): Promise<RspamdProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-rspamd-"));
  return { ...(await startLocalRspamd({ dir })), remove: removable(dir) };
}
