// The parts of Haraka's plugin, connection, transaction and outbound objects this plugin uses
// (Haraka 3.x; it ships no types). Only what index.js and lib/*.js touch is declared.

import type { Writable } from 'node:stream'
import type { Address } from '@haraka/email-address'
import type DSN from 'haraka-dsn'
import type { MessageInfo } from './lib/events'

// A hook's continuation: a return code of haraka-constants and the reply (text or DSN).
export type Next = (code?: number, message?: string | DSN) => void
// hook_get_mx's: the next hop(s) for the queued message, or why there is none now.
export type MxNext = (
  code?: number,
  mx?: { exchange: string; port?: number; priority: number } | { exchange: string; priority: number }[] | string,
) => void
// check_plain_passwd's answer to auth_base: valid or not, and the reply when not the default.
export type AuthCallback = (valid: boolean, reply?: { code: number; message: string }) => void

export interface Plugin {
  inherits(name: 'auth/auth_base'): void
  // The inherited plugin's hooks (inherits above).
  base: {
    'auth/auth_base': {
      hook_unrecognized_command(this: Plugin, next: Next, connection: Connection, params: string[]): void
    }
  }
  // auth_base: the password is not kept in the connection's notes.
  blankout_password: boolean
  config: PluginConfig
  logdebug(message: string): void
  loginfo(message: string): void
  lognotice(message: string): void
  logwarn(message: string): void
  logerror(message: string): void
}

export interface PluginConfig {
  // An .ini file as { section: { key: value } }, or a single setting (queue_dir).
  get(name: `${string}.ini`): Record<string, Record<string, string | number | boolean>> | undefined
  get(name: string): string | undefined
}

// What hook_init_master / hook_init_child receive.
export interface Server {
  cluster?: unknown
  listeners?: Array<{ address?: () => string | { address: string; port: number } | null }>
}

// The authenticated session, kept by check_plain_passwd.
export interface AuthNote {
  username: string
  credentialId: string
  senderId: string
}

export interface ConnectionNotes {
  switchyard?: AuthNote
  // Rejections recorded for this connection (they number its events).
  switchyard_rejects?: number
  allowed_auth_methods?: string[]
}

export interface TransactionNotes {
  switchyard?: MessageInfo
  // RCPT refusal reasons already recorded for this message.
  switchyard_rcpt_refused?: Partial<Record<string, boolean>>
  // Deliver only over verified TLS (a require_tls content rule); kept in the queue file.
  switchyard_require_tls?: boolean
  // A released quarantine message: its quarantine id.
  switchyard_quarantine?: string
  // This transaction was held in quarantine under this id (not queued for delivery).
  switchyard_quarantined?: string
}

export interface Connection {
  uuid: string
  notes: ConnectionNotes
  remote: { ip: string }
  tls: { enabled: boolean }
  hello?: { host?: string | null }
  capabilities: string[]
  // Absent outside a transaction (between messages).
  transaction: Transaction | null
  client?: { setNoDelay?(noDelay: boolean): unknown; targetsocket?: { setNoDelay?(noDelay: boolean): unknown } }
  respond(code: number, message: string, callback: () => void): void
  logerror(plugin: Plugin, message: string): void
}

export interface Header {
  // Every header field line, in order, as received.
  header_list: string[]
  // Lower-cased name → values.
  headers: Record<string, string[]>
  // The values of a name, joined; "" when absent.
  get(name: string): string
  // The same with RFC 2047/2231 encodings decoded.
  get_decoded(name: string): string
  get_all(name: string): string[]
}

export interface MessageStream {
  add_line(line: Buffer | string): unknown
  add_line_end(callback?: () => void): unknown
  pipe(destination: Writable, options: object): unknown
  // The whole message (headers as held now), not dot-stuffed, CRLF line ends.
  get_data(callback: (data: Buffer) => void): void
}

export interface Transaction {
  uuid: string
  notes: TransactionNotes
  mail_from: Address | null
  rcpt_to: Address[]
  header: Header
  message_stream: MessageStream
  // Bytes received in DATA.
  data_bytes?: number
  add_header(name: string, value: string): void
  add_leading_header(name: string, value: string): void
  remove_header(name: string): void
  reset_headers(): void
}

// A recipient of a queued message, with what the next hop answered for it.
export interface OutboundRecipient extends Address {
  dsn_smtp_code?: number | string
  dsn_code?: number | string
  dsn_status?: string
  dsn_smtp_response?: string
  dsn_msg?: string
}

// The queued message of Haraka's outbound hooks (delivered, deferred, bounce).
export interface HMailItem {
  todo: { uuid: string; domain: string; notes: TransactionNotes; rcpt_to: OutboundRecipient[] }
  num_failures: number
  // Whether the current delivery attempt had to use verified TLS (HMailItem.get_force_tls).
  force_tls?: boolean
  // The recipient domain's MTA-STS policy is enforced for this attempt (set in hook_get_mx).
  switchyard_mta_sts?: boolean
}

// hook_delivered's params: [host, ip, response, delay, port, mode, ok_recips, secured, authenticated].
export type DeliveredParams = [string, string, string, number, number, string, OutboundRecipient[], boolean, boolean]

export interface DeferredParams {
  delay?: number
  err?: unknown
  fail_recips?: OutboundRecipient[]
}

export interface BounceError extends Error {
  bounced_rcpt?: OutboundRecipient[]
}
