// Haraka's own packages the plugin requires ship no types: the parts it uses.

declare module 'haraka-constants' {
  // Hook return codes (Haraka passes them to next()).
  export const OK: number
  export const DENY: number
  export const DENYSOFT: number
  export const DENYSOFTDISCONNECT: number
}

declare module 'haraka-dsn' {
  // An SMTP reply with its enhanced status code (RFC 3463): class.subject.detail.
  class DSN {
    code: number
    msg: string
    reply: string
    static create(code: number, msg: string, subject: number, detail: number): DSN
  }
  export = DSN
}

// Haraka's outbound queue and transactions, for releasing quarantined mail (lib/outbound-inject.js)
// and enforced TLS (lib/tls-enforcement.js). Required inside the Haraka process only.
declare module 'Haraka/outbound' {
  import type { Transaction } from './haraka'
  export function send_trans_email(txn: Transaction, next: (code: number, message: string) => void): void
}

declare module 'Haraka/transaction' {
  import type { Transaction } from './haraka'
  export function createTransaction(
    uuid: string | null,
    cfg: object,
  ): Transaction & { add_data(line: Buffer): void; notes: Record<string, unknown> }
}

// The outbound queue's internals corrected or drained by lib/haraka-queue-fixes.js.
declare module 'Haraka/outbound/queue' {
  import type { HarakaOutboundQueue } from './lib/haraka-queue-fixes'

  const queue: HarakaOutboundQueue
  export = queue
}

declare module 'Haraka/outbound/hmail' {
  const HMailItem: {
    prototype: {
      get_force_tls: (
        this: { todo: { domain: string; notes?: { switchyard_require_tls?: boolean } } },
        mx: unknown,
      ) => boolean
    }
  }
  export = HMailItem
}

// Haraka's MIME parser (lib/content/mime-parts.js): a Header and a Body fed line by line.
declare module 'haraka-email-message' {
  import type { EventEmitter } from 'node:events'
  export class Header {
    header_list: string[]
    parse(lines: string[]): void
    get(name: string): string
    get_decoded(name: string): string
  }
  export class Body extends EventEmitter {
    constructor(header?: Header, options?: object)
    bodytext: string
    ct: string | null
    state: string
    header: Header
    children: Body[]
    parse_more(line: Buffer): Buffer
    parse_end(line?: Buffer): Buffer
  }
}

// Haraka's MX lookup (lib/mta-sts.js resolves the MX list itself when a policy is enforced).
declare module 'haraka-net-utils' {
  export function get_mx(domain: string): Promise<{ exchange: string; priority: number }[]>
}
