// The client address for throttling and the audit log. Only the dashboard's own HTTP server
// (scripts/serve-dashboard.ts) knows the socket address: it computes the address with
// clientAddressFrom and stamps it on CLIENT_IP_HEADER, after removing any copy the client sent.
// The app reads only that header, never X-Forwarded-For (whose first entry anyone can write).
export const CLIENT_IP_HEADER = "x-switchyard-client-ip";
export const MAX_TRUSTED_PROXIES = 10;

const IP_SHAPE = /^[0-9A-Fa-f:.]{2,45}$/;

function normalised(address: string | undefined): string | null {
  const trimmed = address?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return trimmed && IP_SHAPE.test(trimmed) ? trimmed : null;
}

// The hops are the X-Forwarded-For entries followed by the socket address; each trusted proxy
// appended the one before it, so the client is the hop just before the last `trustedProxies`
// (0: the socket itself). A shorter chain than configured yields its leftmost hop.
export function clientAddressFrom({
  socketAddress,
  forwardedFor,
  trustedProxies,
}: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxies: number;
}): string | null {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .filter((hop) => hop.trim() !== "");
  const hops = [...forwarded, socketAddress ?? ""];
  return normalised(hops[Math.max(0, hops.length - 1 - trustedProxies)]);
}

// SWITCHYARD_TRUSTED_PROXIES: how many proxies in front of this server append X-Forwarded-For (default 0).
export function trustedProxiesFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_TRUSTED_PROXIES) {
    throw new Error(
      `SWITCHYARD_TRUSTED_PROXIES must be a whole number from 0 to ${MAX_TRUSTED_PROXIES} (the proxies in front of this server), not "${value}"`,
    );
  }
  return n;
}

export function clientIpFrom(headers: Headers): string | null {
  return normalised(headers.get(CLIENT_IP_HEADER) ?? undefined);
}
