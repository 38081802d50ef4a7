// A TCP proxy in front of PostgreSQL that a test can cut: every open connection is destroyed and
// new ones are refused until it is restored — a database restart or a network blink, without
// touching the machine's PostgreSQL server (other tests use it).
import net, { type AddressInfo } from "node:net";

export interface PgProxy {
  // The database URL through the proxy.
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function pgProxy(realUrl: string): Promise<PgProxy> {
  const target = new URL(realUrl);
  let down = false;
  const open = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const url = new URL(realUrl);
  url.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    url: url.toString(),
    cut() {
      down = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      down = false;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
