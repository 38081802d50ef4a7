// A host command's flags, parsed with node:util parseArgs and typed from their declaration: an
// unknown flag, a flag without its value or a stray argument prints the usage, exit code 2.
import { type ParseArgsConfig, parseArgs } from "node:util";

type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

export const USAGE_EXIT_CODE = 2;

export function exitWithUsage(usage: string, problem?: string): never {
  console.error(problem ? `${problem} ${usage}` : usage);
  process.exit(USAGE_EXIT_CODE);
}

export function cliFlags<const O extends FlagOptions>(options: O, usage: string, argv = process.argv.slice(2)) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // The first sentence of node's message is the one that matters ("Unknown option '--x'").
    const [sentence] = (error as Error).message.split(". ");
    exitWithUsage(usage, `${sentence.replace(/\.$/, "")}.`);
  }
}
