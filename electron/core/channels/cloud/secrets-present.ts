import type { Db } from '../../db/open';

/** Whether sealed secrets exist, without unsealing them (the renderer only learns yes or no). */
export function secretsPresent(db: Db, [token, appSecret]: [string, string]): { token: boolean; appSecret: boolean } {
  const has = (name: string) => db.prepare('SELECT 1 FROM secrets WHERE name = ?').get(name) !== undefined;
  return { token: has(token), appSecret: has(appSecret) };
}
