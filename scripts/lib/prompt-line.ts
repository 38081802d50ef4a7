import readline from "node:readline";

// Asks one question on the terminal (or reads the next line of piped input); null when the input
// ends without an answer.
export async function promptLine(question: string): Promise<string | null> {
  process.stdout.write(question);
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) return line.trim();
    return null;
  } finally {
    lines.close();
  }
}
