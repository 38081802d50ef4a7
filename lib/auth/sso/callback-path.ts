// Where to come back to after a sign-in: a path on this origin only ("/x?y"), never another host
// ("//evil", "/\\evil", "https://…"); anything else is "/".
export function sameOriginPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\"))
    return "/";
  try {
    const base = "http://switchyard.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return "/";
    return `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}
