import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { z } from "zod";
import {
  heartbeatSchema,
  MAX_POLL_WAIT_S,
  policySnapshotSchema,
  quarantineReportSchema,
  quarantineSettledSchema,
  RELAY_API_PREFIX,
  relayEventSchema,
} from "../../../lib/relay-contract/schemas";

// A control plane of the tests' own: the three /api/relay/v1 endpoints with the contract's
// behaviour (bearer token, ETag/If-None-Match/304, ?wait long-poll answered as soon as the
// snapshot changes, idempotent events), validating what the relay sends with the contract's zod
// schemas. It can be stopped and started again on the same port to simulate an outage.

export type Snapshot = z.infer<typeof policySnapshotSchema>;
type Heartbeat = z.infer<typeof heartbeatSchema>;
export type QuarantineReport = z.infer<typeof quarantineReportSchema>;
export type QuarantineSettled = z.infer<typeof quarantineSettledSchema> & { id: string };

interface Waiter {
  res: http.ServerResponse;
  timer: NodeJS.Timeout;
}

export class FakeControlPlane {
  readonly token: string;
  private snapshot: Snapshot;
  private server: http.Server | null = null;
  private sockets = new Set<Socket>();
  private waiters = new Set<Waiter>();
  port = 0;
  // Every event received, duplicates included (a correct relay sends none in normal operation).
  received: { id: string; type: string; [k: string]: unknown }[] = [];
  invalidEvents: unknown[] = [];
  eventIds = new Map<string, number>();
  heartbeats: Heartbeat[] = [];
  policyRequests = 0;
  // When the latest snapshot was installed (performance.now()), for latency measurements.
  changedAt = 0;
  // Events outages and proxies: every POST /events answered with this status; 413 above this size.
  eventsStatus: number | null = null;
  maxEventsBodyBytes = Number.POSITIVE_INFINITY;
  eventsBodySizes: { bytes: number; status: number }[] = [];
  // Quarantine (issue 13): every report and settled notice received (repeats included), bodies the
  // contract refused, and an outage switch for both endpoints.
  quarantineReports: QuarantineReport[] = [];
  settled: QuarantineSettled[] = [];
  invalidQuarantine: unknown[] = [];
  quarantineStatus: number | null = null;
  // What POST /heartbeat answers as the live relay count (shared rate limits' fallback share).
  liveRelays = 1;

  // validate=false skips the per-event zod check (the benchmark keeps its own CPU out of the way).
  private readonly validate: boolean;

  constructor({ token, snapshot, validate = true }: { token: string; snapshot: Snapshot; validate?: boolean }) {
    this.token = token;
    this.validate = validate;
    this.snapshot = policySnapshotSchema.parse(snapshot);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get version(): number {
    return this.snapshot.version;
  }

  current(): Snapshot {
    return structuredClone(this.snapshot);
  }

  // Installs a changed snapshot with the next version and answers every waiting long-poll.
  update(change: (s: Snapshot) => void): number {
    const next = this.current();
    change(next);
    next.version = this.snapshot.version + 1;
    next.generatedAt = new Date().toISOString();
    this.snapshot = policySnapshotSchema.parse(next);
    this.changedAt = performance.now();
    for (const waiter of this.waiters) this.answerPolicy(waiter.res);
    this.waiters.clear();
    return this.snapshot.version;
  }

  start(port = this.port): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve) => {
      server.listen(port, "127.0.0.1", () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  // An outage: the port refuses connections and open long-polls are cut.
  async stop(): Promise<void> {
    for (const waiter of this.waiters) clearTimeout(waiter.timer);
    this.waiters.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  eventsOfType(type: string) {
    return this.received.filter((e) => e.type === type);
  }

  private answerPolicy(res: http.ServerResponse) {
    res.writeHead(200, { "content-type": "application/json", etag: `"${this.snapshot.version}"` });
    res.end(JSON.stringify(this.snapshot));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "unauthorized" }));
      return;
    }
    const url = new URL(req.url ?? "/", "http://x");
    const route = `${req.method} ${url.pathname.replace(RELAY_API_PREFIX, "")}`;
    if (route === "GET /policy") return this.policy(req, res, url);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      if (route === "POST /events") {
        const status = this.eventsStatus ?? (raw.length > this.maxEventsBodyBytes ? 413 : 200);
        this.eventsBodySizes.push({ bytes: raw.length, status });
        if (status !== 200) {
          res
            .writeHead(status, { "content-type": "application/json" })
            .end(JSON.stringify({ error: { code: "refused" } }));
          return;
        }
      }
      const body = JSON.parse(raw.toString("utf8") || "null");
      if (route === "POST /events") return this.events(body, res);
      const settled = /^POST \/quarantine\/([0-9a-f-]{36})\/settled$/.exec(route);
      if (route === "POST /quarantine" || settled) return this.quarantine(body, res, settled?.[1] ?? null);
      if (route === "POST /heartbeat") {
        this.heartbeats.push(heartbeatSchema.parse(body));
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ receivedAt: new Date().toISOString(), liveRelays: this.liveRelays }));
        return;
      }
      res.writeHead(404).end();
    });
  }

  // POST /quarantine (id: null) and POST /quarantine/{id}/settled, validated with the contract's schemas.
  private quarantine(body: unknown, res: http.ServerResponse, id: string | null) {
    const reply = (status: number, json: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    if (this.quarantineStatus) return reply(this.quarantineStatus, { error: { code: "outage" } });
    if (id === null) {
      const parsed = quarantineReportSchema.safeParse(body);
      if (!parsed.success) {
        this.invalidQuarantine.push(body);
        return reply(422, { error: { code: "invalid", message: parsed.error.message } });
      }
      this.quarantineReports.push(parsed.data);
      return reply(200, { id: parsed.data.id });
    }
    const parsed = quarantineSettledSchema.safeParse(body);
    if (!parsed.success) {
      this.invalidQuarantine.push(body);
      return reply(422, { error: { code: "invalid", message: parsed.error.message } });
    }
    this.settled.push({ ...parsed.data, id });
    return reply(200, { ok: true });
  }

  private policy(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    this.policyRequests++;
    const wait = Math.min(Number(url.searchParams.get("wait") ?? 0), MAX_POLL_WAIT_S);
    if (req.headers["if-none-match"] !== `"${this.snapshot.version}"`) return this.answerPolicy(res);
    if (!wait) {
      res.writeHead(304, { etag: `"${this.snapshot.version}"` }).end();
      return;
    }
    const waiter: Waiter = {
      res,
      timer: setTimeout(() => {
        this.waiters.delete(waiter);
        res.writeHead(304, { etag: `"${this.snapshot.version}"` }).end();
      }, wait * 1000),
    };
    this.waiters.add(waiter);
    res.on("close", () => {
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
    });
  }

  private events(body: { events?: unknown[] }, res: http.ServerResponse) {
    let accepted = 0;
    let duplicates = 0;
    const invalid: { index: number; id: string | null; errors: Record<string, string[]> }[] = [];
    (body?.events ?? []).forEach((raw, index) => {
      const parsed = this.validate
        ? relayEventSchema.safeParse(raw)
        : { success: true as const, data: raw as { id: string } };
      if (!parsed.success) {
        this.invalidEvents.push(raw);
        invalid.push({ index, id: (raw as { id?: string })?.id ?? null, errors: { event: [parsed.error.message] } });
        return;
      }
      const seen = this.eventIds.get(parsed.data.id) ?? 0;
      this.eventIds.set(parsed.data.id, seen + 1);
      this.received.push(parsed.data as (typeof this.received)[number]);
      if (seen) duplicates++;
      else accepted++;
    });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ accepted, duplicates, invalid }));
  }
}
