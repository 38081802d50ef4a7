// The client address as the app sees it: the first X-Forwarded-For hop (Next's server sets it
// from the socket when no proxy does), else X-Real-IP. Only as trustworthy as the proxy in front.
export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim() || null;
  return ip ? ip.replace(/^::ffff:/, "").slice(0, 64) : null;
}
