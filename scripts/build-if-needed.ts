// npm test's build step: the production build the end-to-end and fleet tests run, made once (only
// when the sources changed since the last build) before those suites run side by side.
import { buildIfNeeded } from "./lib/build-stamp";

await buildIfNeeded({ ...process.env, NODE_ENV: "production" });
