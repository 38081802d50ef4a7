import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";

// A logger in the shape the plugin's parts take from Haraka, saying nothing.
export const quietLog = { debug() {}, info() {}, notice() {}, warn() {}, error() {} };

// Makes temporary directories named <prefix>…, each removed after the test that made it.
export function tempDirsRemovedAfterEach(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
