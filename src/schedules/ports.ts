// What schedules need from escalation policies, injected through src/routes.ts: schedules must not
// import escalation (escalation imports schedules to check its targets).
import type { Reference, Urls } from '../http/urls.js';
import type { Db } from '../store/db.js';

/** A live policy as /oncalls reads it: each rule (level = index + 1) with its user and schedule targets. */
export interface OncallPolicy {
  id: string;
  name: string;
  rules: Array<{ userIds: string[]; scheduleIds: string[] }>;
}

export interface PolicyPort {
  /** References of live policies that target each schedule (schedule id → references). */
  refsBySchedule(db: Db, urls: Urls, scheduleIds: string[]): Promise<Map<string, Reference[]>>;
  /** Names of live policies that target the schedule (to refuse deleting it). */
  namesTargeting(db: Db, scheduleId: string): Promise<string[]>;
  /** Live policies with their rules; all of them when `ids` is absent. */
  list(db: Db, ids?: string[]): Promise<OncallPolicy[]>;
  /** Full wire policies by id, for `include[]=escalation_policies`. */
  render(db: Db, urls: Urls, ids: string[]): Promise<Map<string, unknown>>;
}
