/**
 * The portal's offline captcha: a small sum drawn as an SVG of strokes (no
 * <text>, so the question is not in the markup), and a stateless token signed
 * with HMAC-SM3 under a key derived from the audit key (the same on every app
 * server of a deployment, so a question drawn by one is checked by another
 * behind a load balancer; a per-process key without one). The token carries its
 * expiry and a nonce, never the answer; a solved nonce is remembered until it
 * expires, so a token is used once per server (several servers: once on each,
 * within ten minutes and the address's hourly allowance). No third party, no
 * image library, nothing stored.
 *
 * It only raises the cost of scripted posting; the per-address rate limit
 * (./limiter.ts) bounds what gets through.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';

const TTL_MS = 10 * 60_000;
const TOKEN = /^(\d{10,16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

/** Strokes of each glyph on a 4 × 6 grid: polylines of [x, y] points. */
const GLYPHS: Record<string, [number, number][][]> = {
  '0': [
    [
      [0, 0],
      [4, 0],
      [4, 6],
      [0, 6],
      [0, 0],
    ],
    [
      [4, 0],
      [0, 6],
    ],
  ],
  '1': [
    [
      [1, 1],
      [2, 0],
      [2, 6],
    ],
    [
      [1, 6],
      [3, 6],
    ],
  ],
  '2': [
    [
      [0, 1],
      [1, 0],
      [3, 0],
      [4, 1],
      [4, 2],
      [0, 6],
      [4, 6],
    ],
  ],
  '3': [
    [
      [0, 0],
      [4, 0],
      [2, 2.5],
      [4, 3.5],
      [4, 5],
      [3, 6],
      [0, 6],
    ],
  ],
  '4': [
    [
      [3, 6],
      [3, 0],
      [0, 4],
      [4, 4],
    ],
  ],
  '5': [
    [
      [4, 0],
      [0, 0],
      [0, 2.5],
      [3, 2.5],
      [4, 3.5],
      [4, 5],
      [3, 6],
      [0, 6],
    ],
  ],
  '6': [
    [
      [4, 0],
      [1, 0],
      [0, 1.5],
      [0, 6],
      [4, 6],
      [4, 3],
      [0, 3],
    ],
  ],
  '7': [
    [
      [0, 0],
      [4, 0],
      [1.5, 6],
    ],
  ],
  '8': [
    [
      [0, 0],
      [4, 0],
      [4, 6],
      [0, 6],
      [0, 0],
    ],
    [
      [0, 3],
      [4, 3],
    ],
  ],
  '9': [
    [
      [4, 3],
      [0, 3],
      [0, 0],
      [4, 0],
      [4, 4.5],
      [3, 6],
      [0, 6],
    ],
  ],
  '+': [
    [
      [0, 3],
      [4, 3],
    ],
    [
      [2, 1],
      [2, 5],
    ],
  ],
  '-': [
    [
      [0, 3],
      [4, 3],
    ],
  ],
  '=': [
    [
      [0, 2],
      [4, 2],
    ],
    [
      [0, 4],
      [4, 4],
    ],
  ],
  '?': [
    [
      [0, 1],
      [1, 0],
      [3, 0],
      [4, 1],
      [4, 2],
      [2, 3.5],
      [2, 4.5],
    ],
    [
      [2, 5.5],
      [2, 6],
    ],
  ],
};

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The question drawn: each glyph jittered, rotated and scaled a little, over noise lines. */
export function drawQuestion(question: string): string {
  const w = 36 + question.length * 26;
  const h = 56;
  const paths: string[] = [];
  for (let i = 0; i < 5; i++) {
    const y1 = randomInt(h);
    const y2 = randomInt(h);
    paths.push(
      `<path d="M0 ${y1} C${randomInt(w)} ${randomInt(h)} ${randomInt(w)} ${randomInt(h)} ${w} ${y2}" ` +
        'stroke="#9aa6b2" stroke-width="1.2" fill="none"/>',
    );
  }
  [...question].forEach((ch, i) => {
    const strokes = GLYPHS[ch];
    if (!strokes) return;
    const scale = 5 + randomInt(0, 11) / 10;
    const angle = (randomInt(-18, 19) * Math.PI) / 180;
    const x0 = 18 + i * 26 + randomInt(-2, 3);
    const y0 = 12 + randomInt(-3, 4);
    const d = strokes
      .map((line) =>
        line
          .map(([x, y], k) => {
            const jx = x * scale + randomInt(-8, 9) / 10;
            const jy = y * scale + randomInt(-8, 9) / 10;
            const px = x0 + jx * Math.cos(angle) - jy * Math.sin(angle);
            const py = y0 + jx * Math.sin(angle) + jy * Math.cos(angle);
            return `${k ? 'L' : 'M'}${r1(px)} ${r1(py)}`;
          })
          .join(''),
      )
      .join('');
    paths.push(
      `<path d="${d}" stroke="#1f2d3d" stroke-width="${r1(2.2 + randomInt(0, 8) / 10)}" ` +
        'fill="none" stroke-linecap="round" stroke-linejoin="round"/>',
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="100%" height="100%" fill="#f4f6f8"/>${paths.join('')}</svg>`;
}

/** "１２" and " 12 " are 12: visitors type full-width digits on Chinese keyboards. */
function normaliseAnswer(s: string): string {
  return s.normalize('NFKC').trim();
}

export interface Captcha {
  token: string;
  /** data:image/svg+xml;base64,… */
  image: string;
}

export type CaptchaCheck = 'ok' | 'missing' | 'expired' | 'wrong' | 'used';

export class CaptchaGuard {
  private readonly used = new Map<string, number>();
  constructor(
    private readonly clock: Clock,
    private readonly key: Buffer = randomBytes(32),
  ) {}

  private mac(exp: number, nonce: string, answer: string): Buffer {
    return createHmac('sm3', this.key).update(`${exp}.${nonce}.${answer}`).digest();
  }

  /** A new question: a + b (a − b never goes below zero), answer 0–29. */
  issue(): Captcha {
    const a = randomInt(1, 20);
    const b = randomInt(1, 10);
    const plus = randomInt(2) === 0 || a < b;
    const answer = String(plus ? a + b : a - b);
    const exp = this.clock.now().getTime() + TTL_MS;
    const nonce = randomBytes(12).toString('base64url');
    const token = `${exp}.${nonce}.${this.mac(exp, nonce, answer).toString('base64url')}`;
    const svg = drawQuestion(`${a}${plus ? '+' : '-'}${b}=?`);
    return { token, image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /**
   * Checks an answer. Any answer spends the token, right or wrong: one guess per
   * question, so guessing the 30 possible sums costs 30 questions (and 30 tries
   * of the address's hourly allowance).
   */
  check(token: string | undefined, answer: string | undefined): CaptchaCheck {
    if (!token || !answer) return 'missing';
    const m = TOKEN.exec(token);
    if (!m) return 'wrong';
    const exp = Number(m[1]);
    const now = this.clock.now().getTime();
    if (exp <= now || exp > now + TTL_MS) return 'expired';
    this.forgetExpired(now);
    if (this.used.has(m[2])) return 'used';
    this.used.set(m[2], exp);
    return this.matches(exp, m[2], m[3], normaliseAnswer(answer)) ? 'ok' : 'wrong';
  }

  private matches(exp: number, nonce: string, mac: string, answer: string): boolean {
    const expected = this.mac(exp, nonce, answer);
    const sent = Buffer.from(mac, 'base64url');
    return sent.length === expected.length && timingSafeEqual(sent, expected);
  }

  /**
   * The answer of a token this guard issued, found with its key (the holder of the
   * key can always solve its own questions). For in-process tests; no route calls it.
   */
  answerFor(token: string): string | null {
    const m = TOKEN.exec(token);
    if (!m) return null;
    for (let n = 0; n < 30; n++) if (this.matches(Number(m[1]), m[2], m[3], String(n))) return String(n);
    return null;
  }

  private forgetExpired(now: number): void {
    if (this.used.size < 1000) return;
    for (const [nonce, exp] of this.used) if (exp <= now) this.used.delete(nonce);
  }
}
