import { describe, expect, it } from "vitest";
import { inIngestSlot } from "@/lib/events/ingest-slots";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("ingest slots", () => {
  it("runs one ingest at a time, in arrival order, and frees the slot when one fails", async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const work = (n: number, fail = false) =>
      inIngestSlot(async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        order.push(n);
        running--;
        if (fail) throw new Error(`batch ${n} failed`);
        return n;
      });
    const results = await Promise.allSettled([work(1), work(2, true), work(3), work(4)]);
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(await work(5)).toBe(5);
  });
});
