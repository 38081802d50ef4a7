// The host commands that may run beside a running server (over the admin socket): these four and no
// other. db:migrate and db:seed are not here on purpose: the server migrates at start, and the demo
// seed belongs to npm start.
import type { z } from "zod";
import { auditVerify } from "./audit-verify";
import { relayRegister } from "./relay-register";
import { tokenCreate } from "./token-create";
import { userCreate } from "./user-create";

export const HOST_COMMANDS = {
  "token:create": tokenCreate,
  "user:create": userCreate,
  "relay:register": relayRegister,
  "audit:verify": auditVerify,
} as const;

export type HostCommandName = keyof typeof HOST_COMMANDS;
export type HostCommandArgs<N extends HostCommandName> = z.input<(typeof HOST_COMMANDS)[N]["args"]>;

export function isHostCommandName(name: string): name is HostCommandName {
  return Object.hasOwn(HOST_COMMANDS, name);
}
