// How many ingest transactions one app process runs at once. Concurrent batches insert next to
// each other in the same index pages (time, event id) and upsert the same rollup rows, so past a
// couple of writers PostgreSQL spends its CPU on lock contention instead of rows: measured on two
// cores, four concurrent writers stored a third of what one did (npm run bench:ingest). Batches
// beyond the limit wait here, in order, already validated.
const DEFAULT_SLOTS = 1;

interface Slots {
  free: number;
  waiting: (() => void)[];
}

const store = globalThis as typeof globalThis & { __switchyardIngestSlots?: Slots };

function slots(): Slots {
  store.__switchyardIngestSlots ??= { free: Math.max(1, Number(process.env.SWITCHYARD_INGEST_CONCURRENCY) || DEFAULT_SLOTS), waiting: [] };
  return store.__switchyardIngestSlots;
}

export async function inIngestSlot<T>(work: () => Promise<T>): Promise<T> {
  const s = slots();
  if (s.free > 0) s.free--;
  else await new Promise<void>((resolve) => s.waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = s.waiting.shift();
    if (next) next();
    else s.free++;
  }
}
