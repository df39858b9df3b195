/**
 * The per-address limit of feedback submissions: a sliding hour per client
 * address, in memory: nothing to clean up in the database, nothing a flood can
 * fill there. With several app servers behind a load balancer each keeps its
 * own count, so an address may send up to FEEDBACK_PER_HOUR to each (route the
 * portal by source address, or divide the setting by the number of servers;
 * docs/SCALING.md). Counts attempts that reach the use case (a valid form), whatever
 * the captcha says, so guessing answers spends the allowance as well.
 */
import type { Clock } from '../../lib/clock.js';
import type { Config } from '../../config.js';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { deriveKey, readKeyFile } from '../../lib/crypto.js';
import { auditKeyFileOf } from '../audit/keys.js';
import { CaptchaGuard } from './captcha.js';

const HOUR_MS = 3600_000;
/** Beyond this many tracked addresses, stale ones are dropped before a new one is added. */
const MAX_ADDRESSES = 50_000;

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly clock: Clock,
    private readonly perHour: number,
  ) {}

  /** Takes one attempt for the address; null when allowed, else the seconds until the next one is. */
  take(address: string): number | null {
    const now = this.clock.now().getTime();
    const recent = (this.hits.get(address) ?? []).filter((t) => t > now - HOUR_MS);
    if (recent.length >= this.perHour) {
      this.hits.set(address, recent);
      return Math.max(1, Math.ceil((recent[0] + HOUR_MS - now) / 1000));
    }
    if (!this.hits.has(address) && this.hits.size >= MAX_ADDRESSES) this.sweep(now);
    recent.push(now);
    this.hits.set(address, recent);
    return null;
  }

  private sweep(now: number): void {
    for (const [a, ts] of this.hits) if (!ts.some((t) => t > now - HOUR_MS)) this.hits.delete(a);
  }
}

export interface FeedbackGuards {
  captcha: CaptchaGuard;
  limiter: RateLimiter;
}

const guards = new WeakMap<Config, FeedbackGuards>();

/**
 * The captcha's key: derived from the audit key, which every app server of a
 * deployment holds (they extend one chain), so any of them checks what another
 * drew; a random one where no key exists yet.
 */
function captchaKey(config: Config): Buffer {
  const path = auditKeyFileOf(config);
  return existsSync(path) ? deriveKey(readKeyFile(path, { create: false }).key, 'feedback/captcha') : randomBytes(32);
}

/** The captcha and limiter of an app, one pair per configuration object (one per app). */
export function guardsFor(config: Config, clock: Clock): FeedbackGuards {
  let g = guards.get(config);
  if (!g)
    guards.set(
      config,
      (g = { captcha: new CaptchaGuard(clock, captchaKey(config)), limiter: new RateLimiter(clock, config.FEEDBACK_PER_HOUR) }),
    );
  return g;
}
