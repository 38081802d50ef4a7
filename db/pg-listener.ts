import { Client } from "pg";

export type Unsubscribe = () => Promise<void>;

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

// LISTEN on a dedicated connection (LISTEN is per session; pooled clients come and go), opened
// again whenever it drops — PostgreSQL restarted, the backend was terminated, the network blinked —
// with backoff, so notifications keep arriving without restarting the app. Notifications sent
// while it was down are lost: callers keep a periodic check as a safety net. The first connection
// must succeed (its error is the caller's).
export async function listenWithReconnect(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
): Promise<Unsubscribe> {
  let closed = false;
  let current: Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = FIRST_RETRY_MS;

  const open = async (): Promise<void> => {
    const client = new Client({ connectionString: url });
    client.on("notification", (message) => {
      if (message.channel === channel) onMessage(message.payload ?? "");
    });
    client.on("error", (error) => {
      if (!closed) console.error(`[db] listener on ${channel} lost: ${error.message}`);
    });
    client.on("end", () => {
      if (current !== client) return;
      current = undefined;
      scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`listen "${channel.replace(/"/g, "")}"`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await client.end();
      return;
    }
    current = client;
    retryMs = FIRST_RETRY_MS;
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(async () => {
      retryTimer = undefined;
      try {
        await open();
        if (!closed) console.error(`[db] listener on ${channel} reconnected`);
      } catch {
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        scheduleReconnect();
      }
    }, retryMs);
    retryTimer.unref();
  };

  await open();
  return async () => {
    closed = true;
    clearTimeout(retryTimer);
    const client = current;
    current = undefined;
    await client?.end();
  };
}
