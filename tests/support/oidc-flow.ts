// Single sign-on at the HTTP level, as a browser does it: next-auth's sign-in POST (CSRF token),
// the provider's authorization endpoint, the callback; cookies kept in a jar, redirects followed
// by hand so a test can tamper with a step. Used by the e2e tests and bench:sso.

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

export interface SsoFlowResult {
  // "authjs.session-token=…" when the sign-in succeeded.
  sessionCookie: string | null;
  // Where the app sent the browser at the end ("/", "/sign-in?error=…", "/sign-in/refused?reason=…").
  location: string;
  jar: CookieJar;
}

export interface SsoFlowOptions {
  // Change the authorization URL before the "browser" follows it.
  authorizeUrl?: (url: string) => string;
  // Change the callback URL (code, state) before the "browser" follows it.
  callbackUrl?: (url: string) => string;
}

async function get(url: string, jar?: CookieJar): Promise<Response> {
  const response = await fetch(url, { redirect: "manual", headers: jar ? { cookie: jar.header() } : {} });
  jar?.store(response);
  return response;
}

export async function ssoSignInHttp(baseURL: string, options: SsoFlowOptions = {}): Promise<SsoFlowResult> {
  const jar = new CookieJar();
  const csrf = await get(`${baseURL}/api/auth/csrf`, jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await fetch(`${baseURL}/api/auth/signin/sso`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${baseURL}/` }),
  });
  jar.store(start);
  const authorize = start.headers.get("location");
  if (!authorize || start.status !== 302) throw new Error(`SSO sign-in did not start: ${start.status} ${authorize}`);
  // The provider has no login screen in tests: it redirects back at once (its cookies are its own).
  const atProvider = await get(options.authorizeUrl ? options.authorizeUrl(authorize) : authorize);
  const callback = atProvider.headers.get("location");
  if (!callback) throw new Error(`the provider did not redirect back: ${atProvider.status} ${await atProvider.text()}`);
  const back = await get(options.callbackUrl ? options.callbackUrl(callback) : callback, jar);
  const location = back.headers.get("location") ?? "";
  const session = jar.get("authjs.session-token");
  return {
    sessionCookie: session ? `authjs.session-token=${session}` : null,
    location: location.startsWith(baseURL) ? location.slice(baseURL.length) || "/" : location,
    jar,
  };
}
