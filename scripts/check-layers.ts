// npm run check:layers – imports point one way: app → components → lib → db. Reads every .ts/.tsx
// under app/, components/, lib/ and db/ (no parser, no dependencies: import statements are plain
// enough for a regular expression) and exits 1 on an import going upward, printing file:line and
// the rule it breaks.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const LAYERS = ["app", "components", "lib", "db"] as const;
export type Layer = (typeof LAYERS)[number];

export type Verdict = { kind: "ok" } | { kind: "violation"; rule: string };

export interface ImportSite {
  line: number;
  specifier: string;
  typeOnly: boolean;
}

const OK: Verdict = { kind: "ok" };

// Infrastructure: the database client and the migrator read the data directory from lib/server/config.
const DB_INFRASTRUCTURE = new Set(["db/client.ts", "db/migrate.ts"]);

export function layerOf(repoPath: string): Layer | undefined {
  const first = repoPath.split("/")[0];
  return (LAYERS as readonly string[]).includes(first) ? (first as Layer) : undefined;
}

// "@/lib/x" and "./x" become repository paths ("lib/x"); packages ("next/server") give undefined.
export function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith("@/")) return specifier.slice(2);
  if (specifier.startsWith(".")) return path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  return undefined;
}

// fromFile and target are repository paths with forward slashes.
export function classifyImport(fromFile: string, target: string, typeOnly: boolean): Verdict {
  const from = layerOf(fromFile);
  const to = layerOf(target);
  if (!from || !to || from === to) return OK;
  const rank = LAYERS.indexOf(from) - LAYERS.indexOf(to);
  if (from === "components" && to === "db") {
    if (typeOnly && (target === "db/schema" || target.startsWith("db/schema/"))) return OK;
    return {
      kind: "violation",
      rule: "components do not use the database (type-only imports of db/schema only); ask lib/",
    };
  }
  if (rank <= 0) return OK; // downward (or to app from app): the way layers point
  if (
    from === "db" &&
    DB_INFRASTRUCTURE.has(fromFile) &&
    (target === "lib/server/config" || target.startsWith("lib/server/config/"))
  )
    return OK;
  if (from === "components" && to === "app") {
    return {
      kind: "violation",
      rule: "components/ does not import app/: a component that calls a server action lives beside its route in app/(dashboard)/<feature>/_components/",
    };
  }
  return { kind: "violation", rule: `${from}/ does not import ${to}/ (layers point app → components → lib → db)` };
}

// `import { type A, type B }` imports no value either.
function onlyTypes(clause: string | undefined): boolean {
  const named = clause?.trim().match(/^\{([^}]*)\}$/);
  if (!named) return false;
  const specifiers = named[1]
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return specifiers.length > 0 && specifiers.every((s) => s.startsWith("type "));
}

// Every static import/export-from, side-effect import and dynamic import() in a source file.
export function importsOf(source: string): ImportSite[] {
  const sites: ImportSite[] = [];
  const lineAt = (index: number) => source.slice(0, index).split("\n").length;
  for (const match of source.matchAll(
    /^[ \t]*(?:import|export)\s+(type\s+)?(?:([^"'`;]*?)\s+from\s+)?["']([^"']+)["']/gm,
  )) {
    sites.push({ line: lineAt(match.index), specifier: match[3], typeOnly: Boolean(match[1]) || onlyTypes(match[2]) });
  }
  for (const match of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) {
    sites.push({ line: lineAt(match.index), specifier: match[1], typeOnly: false });
  }
  return sites;
}

function sourceFiles(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(root, rel);
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

export function checkLayers(root: string) {
  const violations: string[] = [];
  for (const file of LAYERS.flatMap((layer) => sourceFiles(root, layer))) {
    for (const site of importsOf(fs.readFileSync(path.join(root, file), "utf8"))) {
      const target = resolveSpecifier(file, site.specifier);
      if (!target) continue;
      const verdict = classifyImport(file, target, site.typeOnly);
      if (verdict.kind === "violation") violations.push(`${file}:${site.line} ${site.specifier} — ${verdict.rule}`);
    }
  }
  return { violations };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { violations } = checkLayers(process.argv[2] ?? process.cwd());
  console.log(`layers: ${violations.length} violation(s)`);
  for (const line of violations) console.log(`  ${line}`);
  process.exit(violations.length > 0 ? 1 : 0);
}
