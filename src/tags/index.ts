// tags: PagerDuty's tags on users, teams and escalation policies; owns the tables tags and
// tag_assignments. Depends on accounts (users, teams, roles) and escalation (policies); nothing
// depends on it. A deleted user or policy keeps its assignments but is left out of every answer.
export type { EntityType, Tag } from './model.js';
