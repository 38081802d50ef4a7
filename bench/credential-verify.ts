// npm run bench:verify – cost of checking one SMTP AUTH secret against its stored verifier (what
// a relay does per AUTH: format + checksum, SHA-256, constant-time compare), next to argon2id
// verify at OWASP parameters (what a password hash would cost) as the baseline.
import { performance } from "node:perf_hooks";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { generateToken, isWellFormedToken, tokenVerifier, verifierMatches } from "@/lib/server/secrets/token-format";

const TOKEN_ITERATIONS = Number(process.env.BENCH_TOKEN_ITERATIONS || 200_000);
const ARGON2_ITERATIONS = Number(process.env.BENCH_ARGON2_ITERATIONS || 30);
const WARMUP_ITERATIONS = 5_000;

const secret = generateToken("smtp");
const verifier = tokenVerifier(secret);
const wrong = generateToken("smtp");

// Alternates the right and a wrong (well-formed) secret, so both answers are measured; counting
// the accepted ones keeps the work observable and checks it.
function timeSync(check: (candidate: string) => boolean, expectAccepted: number): number {
  for (let i = 0; i < WARMUP_ITERATIONS; i++) check(i % 2 ? secret : wrong);
  let accepted = 0;
  const start = performance.now();
  for (let i = 0; i < TOKEN_ITERATIONS; i++) if (check(i % 2 ? secret : wrong)) accepted++;
  const elapsedMs = performance.now() - start;
  if (accepted !== expectAccepted) throw new Error(`expected ${expectAccepted} accepted, got ${accepted}`);
  return (elapsedMs * 1000) / TOKEN_ITERATIONS;
}

const verifySecret = (candidate: string) =>
  isWellFormedToken("smtp", candidate) && verifierMatches(candidate, verifier);
if (!verifySecret(secret) || verifySecret(wrong)) throw new Error("verification gave a wrong answer");

const half = Math.floor(TOKEN_ITERATIONS / 2);
const fullUs = timeSync(verifySecret, half);
const formatUs = timeSync((candidate) => isWellFormedToken("smtp", candidate), TOKEN_ITERATIONS);
const hashUs = timeSync((candidate) => verifierMatches(candidate, verifier), half);

const password = "correct horse battery staple";
const passwordHash = await hashPassword(password);
await verifyPassword(passwordHash, password);
let argonAccepted = 0;
const argonStart = performance.now();
for (let i = 0; i < ARGON2_ITERATIONS; i++)
  if (await verifyPassword(passwordHash, i % 2 ? password : "wrong horse battery staple")) argonAccepted++;
const argonUs = ((performance.now() - argonStart) * 1000) / ARGON2_ITERATIONS;
if (argonAccepted !== Math.floor(ARGON2_ITERATIONS / 2)) throw new Error("argon2id verification gave a wrong answer");

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.log(
  `SMTP secret verify (format + checksum + SHA-256 + timingSafeEqual): ${fullUs.toFixed(2)} µs over ${TOKEN_ITERATIONS.toLocaleString("en")} iterations`,
);
console.log(
  `  of which format + CRC32 checksum: ${formatUs.toFixed(2)} µs, SHA-256 + timingSafeEqual: ${hashUs.toFixed(2)} µs`,
);
console.log(`argon2id verify (m=19456 KiB, t=2, p=1): ${argonUs.toFixed(0)} µs over ${ARGON2_ITERATIONS} iterations`);
console.log(`ratio: argon2id verify costs ${Math.round(argonUs / fullUs).toLocaleString("en")}× an SMTP secret verify`);
