// Where things live by default, in one place for every command (run, plan, runs, report, predict).
import { join, resolve } from 'node:path';

/** Work dir: instance-set cache and run dirs ($BIOREX_WORK or ./work). */
export function defaultWorkDir(): string {
  return resolve(process.env.BIOREX_WORK ?? 'work');
}

/** The tracking store: $BIOREX_DB, else <work>/biorex.sqlite. */
export function defaultStorePath(work: string = defaultWorkDir()): string {
  return resolve(process.env.BIOREX_DB ?? join(work, 'biorex.sqlite'));
}
