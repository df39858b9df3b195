import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db/index.js';
import type { Clock } from './lib/clock.js';
import type { Config } from './config.js';

/** What every use case needs: the database, the clock, the configuration, a logger. */
export interface AppContext {
  db: Db;
  clock: Clock;
  config: Config;
  log: FastifyBaseLogger;
}
