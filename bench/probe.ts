/**
 * The probe: while an operation runs, a small authenticated request every 50 ms
 * (GET /api/v1/auth/me — the session lookup reads the database, unlike
 * /api/health), and the worst time one of them waited. On PGlite every
 * statement goes through one worker, so a long statement or transaction shows
 * here as the wait of an unrelated request (issue 12 point 3: goal ≤ 250 ms).
 *
 * Probes are started on a timer, not one after the other: a probe stuck behind a
 * 2 s statement does not hide the probes that would have been sent meanwhile.
 */

export interface ProbeResult<T> {
  /** What the operation returned. */
  value: T;
  /** The operation's wall time, ms. */
  ms: number;
  /** The longest a probe took from being sent to its answer, ms. */
  worstWait: number;
  /** The median probe time, ms (what a probe costs when nothing is in the way). */
  medianWait: number;
  /** Probes answered during the operation. */
  probes: number;
  /** Probes that did not answer 200 (a failing probe measures nothing). */
  failed: number;
}

/** How often a probe is sent, ms. */
export const PROBE_INTERVAL_MS = 50;

/**
 * Runs `fn` while probing `baseUrl` every 50 ms with the session `cookie`
 * ("zg_session=…"; empty: the public /api/health, which does not reach the
 * database). Waits for the probes in flight before answering.
 */
export async function probeWhile<T>(
  baseUrl: string,
  cookie: string,
  fn: () => Promise<T>,
  o: { path?: string; intervalMs?: number } = {},
): Promise<ProbeResult<T>> {
  const path = o.path ?? (cookie ? '/api/v1/auth/me' : '/api/health');
  const waits: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let failed = 0;
  const probe = () => {
    const t0 = performance.now();
    const p = fetch(baseUrl + path, { headers: cookie ? { cookie } : {} })
      .then(async (r) => {
        await r.arrayBuffer();
        if (r.status !== 200) failed++;
      })
      .catch(() => {
        failed++;
      })
      .finally(() => {
        waits.push(performance.now() - t0);
        inFlight.delete(p);
      });
    inFlight.add(p);
  };
  const timer = setInterval(probe, o.intervalMs ?? PROBE_INTERVAL_MS);
  probe();
  const t0 = performance.now();
  let value: T;
  try {
    value = await fn();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  await Promise.all([...inFlight]);
  const sorted = [...waits].sort((a, b) => a - b);
  return {
    value,
    ms,
    worstWait: sorted.length ? sorted[sorted.length - 1] : 0,
    medianWait: sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0,
    probes: waits.length,
    failed,
  };
}
