// The server's side of one admin request: the envelope parsed with zod, only the host commands of
// lib/host-commands accepted, their arguments parsed by the command's own schema, and the same
// frame as the CLI (one "Error: …" line and exit 1 on failure). Nothing here logs: the arguments
// and the answer may carry a password or a new token, which travel only over the socket.
import { runFramed } from "@/lib/host-commands/command-frame";
import type { CommandOutput } from "@/lib/host-commands/host-command";
import { HOST_COMMANDS, isHostCommandName } from "@/lib/host-commands/host-commands";
import { type AdminAnswer, adminRequestSchema } from "./admin-protocol";

const NOT_A_REQUEST = "Error: The admin channel takes one JSON line {command, args}.";

function refusal(line: string): AdminAnswer {
  return { stdout: [], stderr: [line], exitCode: 1 };
}

export async function answerAdminRequest(line: string): Promise<AdminAnswer> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return refusal(NOT_A_REQUEST);
  }
  const request = adminRequestSchema.safeParse(json);
  if (!request.success) return refusal(NOT_A_REQUEST);
  const { command: name, args } = request.data;
  if (!isHostCommandName(name)) {
    const accepted = Object.keys(HOST_COMMANDS).join(", ");
    return refusal(`Error: Unknown command ${JSON.stringify(name)}; the admin channel accepts ${accepted}.`);
  }
  const answer: AdminAnswer = { stdout: [], stderr: [], exitCode: 0 };
  const output: CommandOutput = { out: (text) => answer.stdout.push(text), err: (text) => answer.stderr.push(text) };
  answer.exitCode = await runFramed(() => HOST_COMMANDS[name].execute(args, output), output);
  return answer;
}
