import dgram from "node:dgram";
import net from "node:net";
import dnsPacket, { type Answer, type Packet } from "dns-packet";

// An authoritative DNS server on 127.0.0.1 (UDP and TCP on one port) serving zones a test defines:
// NXDOMAIN for names it does not know, an empty NOERROR answer for a known name without records of
// the asked type, SERVFAIL where asked, and truncation over UDP so large answers go over TCP.

export interface NameRecords {
  // Each TXT value is one record; longer than 255 bytes it is split into several strings.
  TXT?: string[];
  A?: string[];
  AAAA?: string[];
  MX?: string[];
  PTR?: string[];
  // Answer SERVFAIL for every question about this name.
  servfail?: boolean;
}

export type Zones = Record<string, NameRecords>;

export interface DnsTestServer {
  port: number;
  // "127.0.0.1:port", for Resolver.setServers / SWITCHYARD_DNS_SERVERS.
  address: string;
  queries: { name: string; type: string; transport: "udp" | "tcp" }[];
  setZones(zones: Zones): void;
  close(): Promise<void>;
}

const RCODE_NXDOMAIN = 3;
const RCODE_SERVFAIL = 2;
const UDP_DEFAULT_MAX = 512;

function splitTxt(value: string): Buffer[] {
  const bytes = Buffer.from(value);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255));
  return out.length ? out : [Buffer.alloc(0)];
}

function normalise(zones: Zones): Map<string, NameRecords> {
  return new Map(Object.entries(zones).map(([name, records]) => [name.toLowerCase().replace(/\.$/, ""), records]));
}

function answersFor(name: string, type: string, records: NameRecords): Answer[] {
  const base = { name, ttl: 60, class: "IN" as const };
  switch (type) {
    case "TXT":
      return (records.TXT ?? []).map((value) => ({ ...base, type: "TXT", data: splitTxt(value) }));
    case "A":
      return (records.A ?? []).map((data) => ({ ...base, type: "A", data }));
    case "AAAA":
      return (records.AAAA ?? []).map((data) => ({ ...base, type: "AAAA", data }));
    case "MX":
      return (records.MX ?? []).map((exchange, i) => ({
        ...base,
        type: "MX",
        data: { preference: 10 * (i + 1), exchange },
      }));
    case "PTR":
      return (records.PTR ?? []).map((data) => ({ ...base, type: "PTR", data }));
    default:
      return [];
  }
}

function respond(query: Packet, zones: Map<string, NameRecords>, maxBytes: number): Buffer {
  const question = query.questions?.[0];
  const name = question?.name ?? "";
  const records = zones.get(name.toLowerCase().replace(/\.$/, ""));
  let rcode = 0;
  let answers: Answer[] = [];
  if (!records) rcode = RCODE_NXDOMAIN;
  else if (records.servfail) rcode = RCODE_SERVFAIL;
  else answers = answersFor(name, question?.type ?? "", records);
  const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  const reply = (withAnswers: Answer[], extra = 0) =>
    dnsPacket.encode({
      id: query.id,
      type: "response",
      flags: dnsPacket.AUTHORITATIVE_ANSWER | rd | extra | rcode,
      questions: query.questions,
      answers: withAnswers,
    });
  const full = reply(answers);
  return full.length <= maxBytes ? full : reply([], dnsPacket.TRUNCATED_RESPONSE);
}

export interface DnsServerOptions {
  // Cap on UDP answers below what the client advertises, to force the TCP retry path.
  maxUdpBytes?: number;
}

export async function startDnsServer(
  initial: Zones = {},
  options: DnsServerOptions = {},
  attempt = 0,
): Promise<DnsTestServer> {
  let zones = normalise(initial);
  const queries: DnsTestServer["queries"] = [];
  const udp = dgram.createSocket("udp4");
  const sockets = new Set<net.Socket>();
  udp.on("message", (message, remote) => {
    try {
      const query = dnsPacket.decode(message);
      const question = query.questions?.[0];
      queries.push({ name: question?.name ?? "", type: question?.type ?? "", transport: "udp" });
      const opt = (query.additionals ?? []).find((a) => a.type === "OPT") as { udpPayloadSize?: number } | undefined;
      const limit = Math.min(opt?.udpPayloadSize ?? UDP_DEFAULT_MAX, options.maxUdpBytes ?? Number.POSITIVE_INFINITY);
      udp.send(respond(query, zones, limit), remote.port, remote.address);
    } catch {
      // A packet we cannot decode gets no answer, like a real server.
    }
  });
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        try {
          const query = dnsPacket.decode(message);
          const question = query.questions?.[0];
          queries.push({ name: question?.name ?? "", type: question?.type ?? "", transport: "tcp" });
          const answer = respond(query, zones, 65_535);
          const framed = Buffer.alloc(2 + answer.length);
          framed.writeUInt16BE(answer.length, 0);
          answer.copy(framed, 2);
          socket.write(framed);
        } catch {
          socket.destroy();
        }
      }
    });
  });
  // UDP takes a free port; TCP must get the same one (rarely taken already: then start over).
  await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
  const port = udp.address().port;
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(port, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (attempt >= 5) throw error;
    return startDnsServer(initial, options, attempt + 1);
  }
  return {
    port,
    address: `127.0.0.1:${port}`,
    queries,
    setZones(next) {
      zones = normalise(next);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}
