// Status updates: messages to an incident's stakeholders (subscribers: users and teams), by email.

export type SubscriberType = 'user' | 'team';

export interface Subscriber {
  type: SubscriberType;
  id: string;
}

export interface StatusUpdate {
  id: string;
  incidentId: string;
  /** The sending user; null when a workflow or another non-user agent sent it. */
  senderId: string | null;
  message: string;
  subject: string | null;
  htmlMessage: string | null;
  createdAt: number;
}

/** What one subscribes to (PagerDuty's notification subscriptions): an incident or a business service. */
export interface Subscribable {
  type: 'incident' | 'business_service';
  id: string;
}
