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
