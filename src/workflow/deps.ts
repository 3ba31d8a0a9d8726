import type { Kysely } from 'kysely';
import type { Config } from '../core/config.js';
import type { Lang } from '../core/i18n.js';
import type { DB } from '../db/types.js';
import type { ClockService } from '../clocks/service.js';
import type { Actor, RequestMeta } from '../org/actor.js';

/** What every use case gets: the database, the clocks in force and the current time (injectable for tests). */
export interface Deps {
  db: Kysely<DB>;
  clocks: ClockService;
  config: Config;
  now: () => Date;
}

export interface UseCaseArgs {
  actor: Actor;
  meta: RequestMeta;
  lang: Lang;
}
