/**
 * Time comes from a clock so that deadlines, lights and session expiry can be
 * tested by moving time, not by sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move (tests, demos with a fixed date). */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(to: Date | string): void {
    this.t = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const BEIJING_OFFSET_MS = 8 * 3600_000; // China has had no daylight saving since 1991

/** The Beijing calendar date of an instant, 'YYYY-MM-DD', whatever the host's zone. */
export function beijingDate(d: Date): string {
  return new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The Beijing wall-clock time of an instant, 'YYYY-MM-DD HH:mm', whatever the
 * host's zone: every date or time written into a message people read is
 * Beijing time, like the documents.
 */
export function beijingDateTime(d: Date): string {
  return new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
