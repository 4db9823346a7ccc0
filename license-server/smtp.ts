// Minimal SMTP submission client over node:net / node:tls (no dependency):
// smtps:// (implicit TLS, port 465) or smtp:// (STARTTLS when offered, port 587),
// AUTH PLAIN, one recipient, a UTF-8 text/plain body sent as base64 (which also
// sidesteps dot-stuffing and 8-bit transport issues).
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import type { SmtpConfig } from './config';

export interface SmtpMessage {
  to: string;
  subject: string;
  text: string;
}

export interface SmtpOptions {
  timeoutMs?: number;
  /** Extra TLS options (tests: a self-signed CA). */
  tls?: tls.ConnectionOptions;
}

interface Reply {
  code: number;
  text: string;
}

class SmtpConnection {
  private buffer = '';
  private lines: string[] = [];
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;

  constructor(public socket: net.Socket) {
    this.attach(socket);
  }

  attach(socket: net.Socket): void {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let index: number;
      while ((index = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, index).replace(/\r$/, ''));
        this.buffer = this.buffer.slice(index + 1);
      }
      this.wake();
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('SMTP connection closed')));
  }

  /** Stops reading from the plain socket before the TLS upgrade takes it over. */
  detach(): net.Socket {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('error');
    this.socket.removeAllListeners('close');
    return this.socket;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  async read(): Promise<Reply> {
    const collected: string[] = [];
    for (;;) {
      while (this.lines.length) {
        const line = this.lines.shift()!;
        collected.push(line.slice(4));
        // "250-..." continues a multi-line reply, "250 ..." ends it.
        if (line[3] !== '-') return { code: Number(line.slice(0, 3)), text: collected.join('\n') };
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  async command(line: string, expect: number[]): Promise<Reply> {
    this.socket.write(line + '\r\n');
    return this.expect(expect, line.startsWith('AUTH') ? 'AUTH' : line.split(' ')[0]);
  }

  async expect(codes: number[], step: string): Promise<Reply> {
    const reply = await this.read();
    if (!codes.includes(reply.code)) throw new Error(`SMTP ${step} failed: ${reply.code} ${reply.text.split('\n')[0]}`);
    return reply;
  }
}

function cleanHeader(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

function encodeHeader(value: string): string {
  const clean = cleanHeader(value);
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

/** The bare address in "Name <addr>" or "addr". */
export function addressOf(value: string): string {
  const match = /<([^<>\s]+)>\s*$/.exec(value);
  return cleanHeader(match ? match[1] : value);
}

export function buildMessage(from: string, message: SmtpMessage, now = new Date()): string {
  const domain = addressOf(from).split('@')[1] ?? 'localhost';
  const fromMatch = /^(.*?)\s*<([^<>]+)>\s*$/.exec(cleanHeader(from));
  const fromHeader = fromMatch && fromMatch[1] ? `${encodeHeader(fromMatch[1].replace(/^"|"$/g, ''))} <${fromMatch[2]}>` : cleanHeader(from);
  const body = Buffer.from(message.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{1,76}/g, '$&\r\n');
  return [
    `From: ${fromHeader}`,
    `To: ${addressOf(message.to)}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

function connect(url: URL, port: number, options: SmtpOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const implicitTls = url.protocol === 'smtps:';
    const socket = implicitTls
      ? tls.connect({ host: url.hostname, port, servername: url.hostname, ...options.tls }, () => resolve(socket))
      : net.connect({ host: url.hostname, port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

export async function sendSmtp(config: SmtpConfig, message: SmtpMessage, options: SmtpOptions = {}): Promise<void> {
  const url = new URL(config.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('SMTP_URL must start with smtp:// or smtps://');
  const to = addressOf(message.to);
  const from = addressOf(config.from);
  if (!/^[^@\s<>]+@[^@\s<>]+$/.test(to)) throw new Error('invalid recipient address');
  const port = Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587);
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const socket = await connect(url, port, options);
  socket.setTimeout(options.timeoutMs ?? 30_000, () => socket.destroy(new Error('SMTP timeout')));
  const conn = new SmtpConnection(socket);
  let secure = url.protocol === 'smtps:';
  try {
    await conn.expect([220], 'greeting');
    const helo = `EHLO ${os.hostname().replace(/[^A-Za-z0-9.-]/g, '') || 'localhost'}`;
    let ehlo = await conn.command(helo, [250]);
    if (!secure && /^STARTTLS\b/im.test(ehlo.text)) {
      await conn.command('STARTTLS', [220]);
      const plain = conn.detach();
      const upgraded = await new Promise<tls.TLSSocket>((resolve, reject) => {
        const t = tls.connect({ socket: plain, servername: url.hostname, ...options.tls }, () => resolve(t));
        t.once('error', reject);
      });
      conn.attach(upgraded);
      secure = true;
      ehlo = await conn.command(helo, [250]);
    }
    if (user) {
      const loopback = ['localhost', '127.0.0.1', '::1', '[::1]'].includes(url.hostname);
      // Never send a password in clear text over the internet.
      if (!secure && !loopback) throw new Error('SMTP server does not offer STARTTLS; refusing to send the password in clear text');
      await conn.command(`AUTH PLAIN ${Buffer.from(`\u0000${user}\u0000${pass}`, 'utf8').toString('base64')}`, [235]);
    }
    await conn.command(`MAIL FROM:<${from}>`, [250]);
    await conn.command(`RCPT TO:<${to}>`, [250, 251]);
    await conn.command('DATA', [354]);
    conn.socket.write(buildMessage(config.from, message) + '\r\n.\r\n');
    await conn.expect([250], 'DATA');
    await conn.command('QUIT', [221]).catch(() => undefined);
  } finally {
    conn.socket.destroy();
  }
}
