import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { httpRequest as request } from "./bench-common";

export const POLICY_WAIT_S = 25;
const RETRY_MS = 500;

const versionOf = (etag: string | undefined) => Number(/^"(\d+)"$/.exec(etag ?? "")?.[1] ?? Number.NaN);

// A simulated relay: long-polls the policy (If-None-Match, its own keep-alive connection, exactly
// like the reference relay) and remembers when it first held each version.
export class Poller {
  version = 0;
  // version → performance.now() when this poller first held it
  readonly heldAt = new Map<number, number>();
  errors = 0;
  private stopped = false;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const answer = await request(`${this.url}?wait=${POLICY_WAIT_S}`, {
          headers: { ...this.headers, ...(this.version ? { "If-None-Match": `"${this.version}"` } : {}) },
          agent: this.agent,
        });
        const now = performance.now();
        if (answer.status === 200) {
          const version = versionOf(answer.etag);
          if (version > this.version) {
            this.version = version;
            this.heldAt.set(version, now);
          }
        } else if (answer.status !== 304) {
          this.errors++;
          await sleep(RETRY_MS);
        }
      } catch {
        if (this.stopped) break;
        this.errors++;
        await sleep(RETRY_MS);
      }
    }
  }

  // When this poller first held `version` or a later one.
  firstHeld(version: number): number | undefined {
    let first: number | undefined;
    for (const [v, at] of this.heldAt) if (v >= version && (first === undefined || at < first)) first = at;
    return first;
  }

  stop(): void {
    this.stopped = true;
    this.agent.destroy();
  }
}
