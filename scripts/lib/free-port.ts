import net from "node:net";

function tryListen(port: number, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(null));
    server.listen(port, host, () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

// The preferred port when it is free, else any free port (0 asks for any free port right away).
export async function portFor(preferred: number, host = "127.0.0.1"): Promise<number> {
  if (preferred > 0) {
    const bound = await tryListen(preferred, host);
    if (bound) return bound;
  }
  const any = await tryListen(0, host);
  if (!any) throw new Error(`No free port on ${host}`);
  return any;
}

export async function isPortFree(port: number, host: string): Promise<boolean> {
  return (await tryListen(port, host)) !== null;
}
