// npm run sink:list reads the sink npm start runs: <SWITCHYARD_DATA_DIR>/sink.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { storeMessage } from "@/relay/sink/sink-store";
import { runScript } from "@/tests/support/run-script";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-sink-list-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm run sink:list", () => {
  it("lists the messages in <SWITCHYARD_DATA_DIR>/sink", async () => {
    const raw = Buffer.from(
      "From: orders@shop.example.com\r\nTo: a@example.org\r\nSubject: Your order 42\r\nMessage-ID: <42@shop>\r\n\r\nThanks.\r\n",
    );
    storeMessage(path.join(dataDir, "sink"), raw, {
      from: "orders@shop.example.com",
      to: ["a@example.org"],
      remoteAddress: "127.0.0.1",
    });
    const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_DATA_DIR: dataDir };
    delete env.SINK_DIR;
    const run = await runScript("relay/sink/list.ts", ["--json"], env);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { subject: string; to: string[] }[];
    expect(listed).toEqual([expect.objectContaining({ subject: "Your order 42", to: ["a@example.org"] })]);
  });
});
