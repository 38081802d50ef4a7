import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { quietLog as quiet, tempDirsRemovedAfterEach } from "./support/scratch";

// The spool's group commit (one write and one fdatasync for the events of a few ms, durable
// appends resolved only after that fdatasync) and the JSON text it ships: kept in memory for
// segments it wrote, read back from disk otherwise — the same either way.

const require = createRequire(import.meta.url);
const { EventSpool, SEGMENT_MAX_EVENTS } = require("../../relay/plugin/lib/event-spool.js");

const tempDir = tempDirsRemovedAfterEach("switchyard-spool-");

const event = (i: number) => ({
  id: `evt-${String(i).padStart(5, "0")}`,
  type: "accepted",
  detail: `line ${i} with "quotes", a \\ and\nbreak`,
});
const fileLines = (file: string) => fs.readFileSync(file, "utf8").split("\n").filter(Boolean);

describe("event spool group commit", () => {
  it("writes the events appended within a few ms with one write and one fdatasync, and resolves durable appends after it", async () => {
    const spool = new EventSpool({ dir: tempDir(), log: quiet });
    spool.open();
    await spool.append([event(0)]);
    const handle = spool.current.handle;
    const calls: string[] = [];
    const { write, datasync } = handle;
    handle.write = (...args: unknown[]) => {
      calls.push("write");
      return write.apply(handle, args);
    };
    handle.datasync = async () => {
      calls.push("datasync");
      await datasync.call(handle);
      calls.push("synced");
    };

    const appended = Array.from({ length: 10 }, (_, i) =>
      spool
        .append([event(i + 1)], { durable: i % 3 === 0 })
        .then(() => calls.push(i % 3 === 0 ? "durable resolved" : "resolved")),
    );
    await Promise.all(appended);
    expect(calls.slice(0, 3)).toEqual(["write", "datasync", "synced"]);
    expect(calls.filter((c) => c === "write")).toHaveLength(1);
    expect(calls.filter((c) => c.endsWith("resolved"))).toHaveLength(10);

    // appends a few ms apart share the write too; without a durable one, no fdatasync
    calls.length = 0;
    const first = spool.append([event(20)]);
    await new Promise((r) => setTimeout(r, 3));
    await Promise.all([first, spool.append([event(21)])]);
    expect(calls).toEqual(["write"]);
    await spool.close();
  });
});

describe("event spool shipping", () => {
  it("ships the JSON text of its own segments from memory, byte for byte what is on disk and what a restarted spool reads", async () => {
    const dir = tempDir();
    const spool = new EventSpool({ dir, log: quiet });
    spool.open();
    await Promise.all([spool.append([event(1), event(2)]), spool.append([event(3)], { durable: true })]);
    await spool.close();
    const segment = spool.nextSegment();
    expect(segment.lines).toEqual(fileLines(segment.file));
    expect(segment.events.map((e: { id: string }) => e.id)).toEqual(["evt-00001", "evt-00002", "evt-00003"]);
    expect(JSON.parse(`[${segment.lines.join(",")}]`)).toEqual([event(1), event(2), event(3)]);

    const restarted = new EventSpool({ dir, log: quiet });
    restarted.open();
    expect(restarted.nextSegment().lines).toEqual(segment.lines);
  });

  it("keeps only a few closed segments in memory; the others ship from disk, in order and complete", async () => {
    const spool = new EventSpool({ dir: tempDir(), log: quiet });
    spool.open();
    const total = SEGMENT_MAX_EVENTS * 12;
    for (let i = 0; i < total; i += 100) await spool.append(Array.from({ length: 100 }, (_, j) => event(i + j)));
    await spool.close();
    expect(spool.closed.length).toBeGreaterThanOrEqual(12);
    expect(spool.closed.filter((s: { lines: unknown }) => s.lines).length).toBeLessThan(spool.closed.length);

    const shipped: string[] = [];
    for (let segment = spool.nextSegment(); segment; segment = spool.nextSegment()) {
      expect(segment.lines).toEqual(fileLines(segment.file));
      shipped.push(...segment.lines);
      spool.remove(segment.file);
    }
    expect(shipped.map((line) => JSON.parse(line).id)).toEqual(Array.from({ length: total }, (_, i) => event(i).id));
    expect(spool.depth).toBe(0);
  });
});
