// responders: responder requests and the incident responders they invite; owns the tables
// responder_requests and incident_responders. Notifications go out through notify (it listens to
// incident.responder.added and asks isResponderPending before each delivery).
export type { IncidentResponder, ResponderRequest, ResponderState, RequestTarget, TargetInput } from './model.js';
/** Ask, reply, cancel: callable without HTTP (incident workflows), with an agent and the injected clock. */
export { requestResponders, replyToResponderRequest, cancelResponderRequests, type ResponderRequestInput } from './request.js';
/** An incident's incidents_responders and responder_requests, for the incident's wire form. */
export { respondersOfIncidents } from './present.js';
/** An incident's invited responders as they stand (analytics' raw responses). */
export { listResponders } from './store.js';
export { registerResponderRoutes } from './routes.js';
import type { Db } from '../store/db.js';
import { findResponder } from './store.js';

/** Whether the user still has an unanswered request on the incident (notify stops paging once they reply). */
export async function isResponderPending(db: Db, incidentId: string, userId: string): Promise<boolean> {
  return (await findResponder(db, incidentId, userId))?.state === 'pending';
}
