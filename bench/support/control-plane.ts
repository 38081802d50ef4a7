import { httpRequest } from "./bench-common";

// Which database a running control plane uses ("pglite", "postgres"), from its health endpoint;
// a control plane that does not answer is an error that says where it was looked for.
export async function controlPlaneDatabase(baseUrl: string): Promise<string> {
  const health = await httpRequest(`${baseUrl}/api/health`).catch((error: Error) => {
    throw new Error(`The control plane at ${baseUrl} does not answer: ${error.message}`);
  });
  return (JSON.parse(health.body) as { database?: string }).database ?? "?";
}
