import fs from "node:fs";
import path from "node:path";
import { baseURL } from "./http-session";

interface ManifestEntry {
  workers: Record<string, unknown>;
  filename: string;
  exportedName: string;
}

// Every server action in the production build, from Next's own manifest: "file#export" → id and
// a page that can receive it.
export function buildServerActions(): Map<string, { id: string; page: string }> {
  const file = path.resolve(".next/server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  const out = new Map<string, { id: string; page: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.keys(entry.workers)[0] ?? "app/page";
    const page = `/${worker
      .replace(/^app\//, "")
      .replace(/\/?page$/, "")
      .split("/")
      .filter((s) => !s.startsWith("("))
      .join("/")}`;
    out.set(`${entry.filename}#${entry.exportedName}`, { id, page });
  }
  return out;
}

export interface ActionCall {
  status: number;
  location: string | null;
  body: string;
}

// POSTs a server action directly, the way a forged request would: no UI involved.
export async function postServerAction(
  action: { id: string; page: string },
  args: unknown[],
  cookie?: string,
): Promise<ActionCall> {
  const response = await fetch(`${baseURL()}${action.page}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseURL(),
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(args),
  });
  return { status: response.status, location: response.headers.get("location"), body: await response.text() };
}
