// The settings every bench reads the same way: a command-line option (node:util parseArgs), else
// an environment variable, else a default.

// A number: --option, else the environment variable, else the default.
export const numberOption = (value: string | undefined, envName: string, fallback: number): number =>
  Number(value ?? process.env[envName] ?? fallback);

// The control plane's base URL, without a trailing slash: --url, else SWITCHYARD_URL, else local.
export const controlPlaneUrl = (value: string | undefined): string =>
  (value ?? process.env.SWITCHYARD_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");

// The optional second target, a control plane on PostgreSQL (BENCH_PG_URL), without a trailing slash.
export const pgControlPlaneUrl = (): string | undefined => process.env.BENCH_PG_URL?.replace(/\/$/, "");
