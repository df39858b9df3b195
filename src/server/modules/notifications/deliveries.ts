/**
 * The outbox pump: takes due deliveries in a short transaction, sends them with
 * no transaction open (a slow robot must not hold the database), then records
 * each outcome in another short one. A failure is retried after 1, 2, 4, 8, 16
 * minutes; after the sixth attempt it has failed for good and shows to the unit admin.
 *
 * A sender that dies between sending and recording leaves the row 'sending'
 * until its lease runs out, then it is sent again: channels get a message at
 * least once (exactly once is impossible over a webhook without the receiver's
 * help), the inbox exactly once.
 */
import type { AppContext } from '../../context.js';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../../../domain/supervision/index.js';
import { notificationRepo } from './repository.js';
import { send } from './channels.js';

const LEASE_MS = 5 * 60_000;

export interface PumpResult {
  sent: number;
  retrying: number;
  failed: number;
}

export async function pumpDeliveries(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'log'>,
  o: { batch?: number; maxBatches?: number } = {},
): Promise<PumpResult> {
  const out: PumpResult = { sent: 0, retrying: 0, failed: 0 };
  for (let b = 0; b < (o.maxBatches ?? 20); b++) {
    const now = ctx.clock.now();
    const taken = await ctx.db.tx((q) => notificationRepo.claim(q, now, new Date(now.getTime() + LEASE_MS), o.batch ?? 20));
    if (!taken.length) break;
    for (const d of taken) {
      try {
        await send(d, { title: d.title, body: d.body }, ctx.config, ctx.clock.now());
        await notificationRepo.markSent(ctx.db, d.id, ctx.clock.now());
        out.sent++;
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        const retryAt = d.attempts < MAX_DELIVERY_ATTEMPTS ? new Date(ctx.clock.now().getTime() + retryDelayMs(d.attempts)) : null;
        await notificationRepo.markFailure(ctx.db, d.id, { error, retryAt });
        ctx.log.warn({ delivery: d.id, channel: d.channel_id, attempts: d.attempts, error }, 'delivery failed');
        if (retryAt) out.retrying++;
        else out.failed++;
      }
    }
  }
  return out;
}
