import fs from "node:fs";
import path from "node:path";

const MUTATING = ["POST", "PUT", "PATCH", "DELETE"];

// Every "METHOD file" a route handler under app/ exports for a mutating method.
export function routeMutations(root = "app"): string[] {
  const out: string[] = [];
  for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
    if (!/(^|\/)route\.tsx?$/.test(rel)) continue;
    const file = path.join(root, rel);
    const source = fs.readFileSync(file, "utf8");
    const exported = new Set<string>();
    for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+([A-Z]+)\b/g)) exported.add(m[1]);
    for (const m of source.matchAll(/export\s+const\s+\{([^}]*)\}/g))
      for (const name of m[1].split(/[\s,]+/)) exported.add(name.trim());
    for (const method of MUTATING) if (exported.has(method)) out.push(`${method} ${file}`);
  }
  return out.sort();
}
