import net from "node:net";
import tls from "node:tls";

// A minimal SMTP client over a raw socket, for what nodemailer hides: several messages on one
// open connection, the exact reply of each command, AUTH attempted before STARTTLS.

export interface Reply {
  code: number;
  enhanced: string | null;
  text: string;
  lines: string[];
}

const REPLY_TIMEOUT_MS = 10_000;

export class SmtpSession {
  private socket: net.Socket | tls.TLSSocket;
  private buffer = "";
  private pending: string[] = [];
  private waiting: ((reply: Reply) => void) | null = null;
  private failed: ((err: Error) => void) | null = null;
  closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    this.attach(socket);
  }

  // localAddress: another loopback address (127.0.0.2, …) is another client IP to the relay.
  static async connect(
    host: string,
    port: number,
    localAddress?: string,
  ): Promise<{ session: SmtpSession; greeting: Reply }> {
    const socket = net.connect({ host, port, localAddress });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const session = new SmtpSession(socket);
    return { session, greeting: await session.read() };
  }

  private attach(socket: net.Socket | tls.TLSSocket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.onData(chunk));
    socket.on("error", (err) => this.failed?.(err));
    socket.on("close", () => {
      this.closed = true;
      this.failed?.(new Error("connection closed"));
    });
  }

  private onData(chunk: string) {
    this.buffer += chunk;
    let newline = this.buffer.indexOf("\r\n");
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 2);
      this.pending.push(line);
      if (/^\d{3} /.test(line)) this.deliver();
      newline = this.buffer.indexOf("\r\n");
    }
  }

  private deliver() {
    if (!this.waiting) return;
    const end = this.pending.findIndex((l) => /^\d{3} /.test(l));
    if (end === -1) return;
    const lines = this.pending.splice(0, end + 1);
    const last = lines[lines.length - 1];
    const text = lines.map((l) => l.slice(4)).join("\n");
    const enhanced = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(last)?.[1] ?? null;
    const resolve = this.waiting;
    this.waiting = null;
    this.failed = null;
    resolve({ code: Number(last.slice(0, 3)), enhanced, text, lines });
  }

  read(): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no SMTP reply in time")), REPLY_TIMEOUT_MS);
      this.waiting = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.failed = (err) => {
        clearTimeout(timer);
        reject(err);
      };
      this.deliver();
    });
  }

  command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.read();
  }

  async starttls(): Promise<void> {
    const reply = await this.command("STARTTLS");
    if (reply.code !== 220) throw new Error(`STARTTLS refused: ${reply.code} ${reply.text}`);
    const plain = this.socket as net.Socket;
    plain.removeAllListeners("data");
    plain.removeAllListeners("close");
    const secure = tls.connect({ socket: plain, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", resolve);
      secure.once("error", reject);
    });
    this.socket = secure;
    this.attach(secure);
  }

  // EHLO, STARTTLS, EHLO, AUTH PLAIN; returns the AUTH reply.
  async login(username: string, secret: string): Promise<Reply> {
    await this.command("EHLO client.test");
    await this.starttls();
    await this.command("EHLO client.test");
    return this.command(`AUTH PLAIN ${Buffer.from(`\0${username}\0${secret}`).toString("base64")}`);
  }

  // One message; returns the first refusal or the reply to the end of DATA.
  async send({
    from,
    to,
    headerFrom = from,
    subject = "test",
    body = "Hello from the relay tests.",
  }: {
    from: string;
    to: string;
    headerFrom?: string;
    subject?: string;
    body?: string;
  }): Promise<Reply> {
    const mail = await this.command(`MAIL FROM:<${from}>`);
    if (mail.code !== 250) return mail;
    const rcpt = await this.command(`RCPT TO:<${to}>`);
    if (rcpt.code !== 250) return rcpt;
    const data = await this.command("DATA");
    if (data.code !== 354) return data;
    const message = [
      `From: ${headerFrom}`,
      `To: ${to}`,
      `Subject: ${subject}`,
      `Date: ${new Date().toUTCString()}`,
      "",
      body,
      ".",
    ].join("\r\n");
    return this.command(message);
  }

  async quit(): Promise<void> {
    if (this.closed) return;
    try {
      await this.command("QUIT");
    } catch {
      // already closing
    }
    this.socket.destroy();
  }
}
