// Responder requests: asking users, or whoever an escalation policy has on call, to join an incident.
// Each invited user is an incident responder whose state moves pending → joined | declined (or
// cancelled by the requester).

export type ResponderState = 'pending' | 'joined' | 'declined' | 'user_cancelled';

/** One target of a request, with the users it resolved to when it was made. */
export interface RequestTarget {
  type: 'user' | 'escalation_policy';
  id: string;
  userIds: string[];
}

export interface ResponderRequest {
  id: string;
  incidentId: string;
  /** The requesting user; null when a workflow or other non-user agent asked. */
  requesterId: string | null;
  message: string;
  targets: RequestTarget[];
  requestedAt: number;
}

/** PagerDuty's `incidents_responders` entry: one user invited to an incident. */
export interface IncidentResponder {
  incidentId: string;
  userId: string;
  /** The latest request that invited the user. */
  requestId: string;
  state: ResponderState;
  requesterId: string | null;
  message: string;
  requestedAt: number;
  updatedAt: number;
}

/** A target as a client names it. */
export interface TargetInput {
  type: 'user' | 'escalation_policy';
  id: string;
}
