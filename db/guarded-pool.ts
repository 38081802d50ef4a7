import { Pool, type PoolClient } from "pg";

// A pg Pool whose checked-out clients cannot leak when their connection breaks.
//
// drizzle's transaction() (drizzle-orm 0.45, node-postgres/session.js) sends BEGIN before the
// try/finally that releases the client: when BEGIN fails — the connection was cut between checkout
// and BEGIN by a database restart or a network blink — the client is never released. Every such
// failure took one of the pool's slots for good; once all were gone, every query of the process
// waited for a client forever (tests/integration/ingest-db-outage.test.ts reproduces it). And
// pg-pool drops its 'error' listener while a client is checked out, so the end of that client's
// connection was also an uncaught exception.
//
// So a client handed out by connect() is given back (and destroyed) as soon as its connection
// fails, and releasing it again afterwards is harmless. Pool.query() checks out through
// connect(callback), which releases on error itself, and is left as it is.
export class GuardedPool extends Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads (promise and callback forms)
  override connect(...args: any[]): any {
    if (args.length > 0) return (super.connect as (...a: unknown[]) => void)(...args);
    return super.connect().then(releasedWhenBroken);
  }
}

function releasedWhenBroken(client: PoolClient): PoolClient {
  const release = client.release;
  let released = false;
  const once = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener("error", broken);
    release(error);
  };
  const broken = (error: Error) => once(error);
  client.on("error", broken);
  client.release = once;
  return client;
}
