// abilities: what this install can do, by PagerDuty's ability names (GET /abilities). No tables, no
// dependencies; nothing depends on it.
export { ABILITIES, hasAbility } from './model.js';
