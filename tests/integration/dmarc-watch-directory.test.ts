// dmarc.watchDir lies outside the data directory (the setting refuses it, the scanner too), and
// the scanner moves only DMARC reports (by name, then by content): other files stay where they are.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { settings } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { scanWatchDirectory } from "@/lib/dmarc/watch-directory";
import { createResolver, type PostureResolver } from "@/lib/posture/dns-resolver";
import { getSetting, setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";
import { type DnsTestServer, startDnsServer } from "../support/dns-server";

let admin: Actor;
let dns: DnsTestServer;
let resolver: PostureResolver;
let root: string;
let dataDirectory: string;
let watched: string;
const previousDataDir = process.env.SWITCHYARD_DATA_DIR;
const OLD = Date.now() / 1000 - 60;

const report = (id: string) =>
  fs
    .readFileSync(path.resolve("tests/fixtures/dmarc/google.xml"), "utf8")
    .replace(/<report_id>[^<]*<\/report_id>/, `<report_id>${id}</report_id>`);

function drop(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  fs.utimesSync(file, OLD, OLD);
  return file;
}

beforeAll(async () => {
  admin = await makeActor("admin");
  dns = await startDnsServer({});
  resolver = createResolver({ servers: [dns.address], timeoutMs: 300, tries: 1 });
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sy-watch-"));
  dataDirectory = path.join(root, "data");
  watched = path.join(root, "reports");
  fs.mkdirSync(dataDirectory);
  fs.mkdirSync(watched);
  process.env.SWITCHYARD_DATA_DIR = dataDirectory;
});

afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.SWITCHYARD_DATA_DIR;
  else process.env.SWITCHYARD_DATA_DIR = previousDataDir;
  await dns.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("the dmarc.watchDir setting", () => {
  it("refuses the data directory, anything inside it, any parent of it and a relative path, naming why", async () => {
    // A link from elsewhere into the data directory is the data directory.
    const link = path.join(root, "link-to-data");
    fs.symlinkSync(dataDirectory, link);
    const refused = [
      dataDirectory,
      path.join(dataDirectory, "dmarc"),
      `${dataDirectory}/`,
      link,
      root,
      path.parse(root).root,
      "reports",
    ];
    for (const value of refused) {
      const error = await setSetting({ actor: admin, key: "dmarc.watchDir", value }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, value).toMatchObject({ code: "validation_failed" });
      expect(
        (error as Error & { fieldErrors: Record<string, string[]> }).fieldErrors._?.[0] ?? (error as Error).message,
        value,
      ).toMatch(/data directory|absolute path/);
    }
    await setSetting({ actor: admin, key: "dmarc.watchDir", value: watched });
    expect(await getSetting("dmarc.watchDir")).toBe(watched);
    await setSetting({ actor: admin, key: "dmarc.watchDir", value: "" });
  });

  it("is not watched when a value stored earlier points into the data directory", async () => {
    const inside = path.join(dataDirectory, "inbox");
    fs.mkdirSync(inside);
    const file = drop(inside, "google.xml", report("inside-data-dir"));
    await getDb()
      .insert(settings)
      .values({ key: "dmarc.watchDir", value: inside })
      .onConflictDoUpdate({ target: settings.key, set: { value: inside } });
    expect(await scanWatchDirectory({ resolver })).toMatchObject({ ingested: 0, failed: 0 });
    expect(await scanWatchDirectory({ dir: inside, resolver })).toMatchObject({ ingested: 0, failed: 0 });
    expect(fs.readdirSync(inside)).toEqual(["google.xml"]);
    expect(fs.existsSync(file)).toBe(true);
    await setSetting({ actor: admin, key: "dmarc.watchDir", value: "" });
  });
});

describe("scanning the watched directory", () => {
  it("moves reports to processed/ or failed/ and leaves every other file untouched", async () => {
    drop(watched, "google.com!acme.example!1717200000!1717286399.xml.gz", zlib.gzipSync(report("watch-dir-1")));
    drop(watched, "microsoft.zip", zipSync({ "report.xml": new TextEncoder().encode(report("watch-dir-2")) }));
    // Looks like a report and is one, but a broken one: failed/, with the reason.
    drop(
      watched,
      "broken.xml",
      '<?xml version="1.0"?><feedback><report_metadata><org_name>x</org_name></report_metadata></feedback>',
    );
    const others = {
      "notes.txt": "not a report",
      README: "no extension",
      "config.xml": '<?xml version="1.0"?><config><watch>yes</watch></config>',
      "photo.gz": zlib.gzipSync(Buffer.from("\x89PNG not xml")),
      "backup.zip": zipSync({ "db.sql": new TextEncoder().encode("select 1;") }),
      "empty.xml": "",
    };
    for (const [name, content] of Object.entries(others)) drop(watched, name, content);
    const before = Object.fromEntries(
      Object.keys(others).map((name) => [name, fs.statSync(path.join(watched, name)).mtimeMs]),
    );

    const result = await scanWatchDirectory({ dir: watched, resolver });
    expect(result).toMatchObject({ ingested: 2, failed: 1 });
    expect(fs.readdirSync(path.join(watched, "processed")).sort()).toEqual([
      "google.com!acme.example!1717200000!1717286399.xml.gz",
      "microsoft.zip",
    ]);
    expect(fs.readdirSync(path.join(watched, "failed")).sort()).toEqual(["broken.xml", "broken.xml.error.txt"]);
    expect(fs.readFileSync(path.join(watched, "failed", "broken.xml.error.txt"), "utf8")).toMatch(
      /report_id|date_range|policy_published/,
    );
    for (const [name, content] of Object.entries(others)) {
      const file = path.join(watched, name);
      expect(fs.existsSync(file), name).toBe(true);
      expect(Buffer.compare(fs.readFileSync(file), Buffer.from(content)), name).toBe(0);
      expect(fs.statSync(file).mtimeMs, name).toBe(before[name]);
    }
    // A second scan leaves them alone too.
    expect(await scanWatchDirectory({ dir: watched, resolver })).toMatchObject({ ingested: 0, failed: 0 });
    expect(fs.readdirSync(watched).sort()).toEqual(
      [...Object.keys(others), "failed", "processed", "processing"].sort(),
    );
  });
});
