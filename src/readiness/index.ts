// readiness: whether this node can store events now (/readyz, for load balancers) and its
// operational counters (/metrics); owns the table node_heartbeats (one row per node, the probe's
// write). Depends on events through its index.ts; it must not write anything but its heartbeat.
/** Writes the heartbeat and counts the backlog; says why the node is not ready, if it is not. */
export { checkReadiness, type Readiness, type NotReadyReason } from './check.js';
/** GET /readyz and GET /metrics, on the root scope (no token). */
export { registerReadinessRoutes } from './routes.js';
