/**
 * Sending one message on one channel: a DingTalk group robot (signed when it
 * has a secret), a WeCom group robot, or mail over SMTP. Each answers or throws
 * with the channel's own reason; the delivery pump records it and retries.
 */
import { createHmac } from 'node:crypto';
import type { Config } from '../../config.js';

export interface Message {
  title: string;
  /** Markdown body (the robots render it; mail gets it as plain text). */
  body: string;
}

export interface ChannelTarget {
  kind: 'dingtalk' | 'wecom' | 'email';
  url: string | null;
  secret: string | null;
  email_to: string[];
}

export class ChannelError extends Error {}

const TIMEOUT_MS = 10_000;

/** DingTalk's signature: base64 HMAC-SHA256 of "timestamp\nsecret" keyed by the secret, URL-encoded. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
}

async function postJson(url: string, body: unknown): Promise<void> {
  let r: Response;
  try {
    r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new ChannelError(`request failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const text = await r.text();
  if (!r.ok) throw new ChannelError(`HTTP ${r.status}: ${text.slice(0, 200)}`);
  // both robots answer 200 with errcode ≠ 0 on a refusal (bad token, signature, rate limit)
  let answer: { errcode?: number; errmsg?: string } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new ChannelError(`not JSON: ${text.slice(0, 200)}`);
  }
  if (answer.errcode !== 0) throw new ChannelError(`errcode ${answer.errcode ?? '?'}: ${answer.errmsg ?? ''}`);
}

export async function send(c: ChannelTarget, m: Message, config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>, now: Date): Promise<void> {
  if (c.kind === 'dingtalk') {
    let url = c.url!;
    if (c.secret) {
      const ts = now.getTime();
      url += `${url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${dingtalkSign(c.secret, ts)}`;
    }
    return postJson(url, { msgtype: 'markdown', markdown: { title: m.title, text: `#### ${m.title}\n\n${m.body}` } });
  }
  if (c.kind === 'wecom') return postJson(c.url!, { msgtype: 'markdown', markdown: { content: `**${m.title}**\n${m.body}` } });
  if (!config.SMTP_URL) throw new ChannelError('no mail server configured (SMTP_URL)');
  const timeouts = `connectionTimeout=${TIMEOUT_MS}&greetingTimeout=${TIMEOUT_MS}&socketTimeout=${TIMEOUT_MS}`;
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport(`${config.SMTP_URL}${config.SMTP_URL.includes('?') ? '&' : '?'}${timeouts}`);
  try {
    await transport.sendMail({ from: config.SMTP_FROM, to: c.email_to, subject: m.title, text: m.body });
  } catch (e) {
    throw new ChannelError(`mail refused: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    transport.close();
  }
}
