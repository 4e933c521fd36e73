// Priorities on the wire: PagerDuty's Priority object and its priority_reference.
import { reference, type Reference, type Urls } from '../http/urls.js';
import type { Priority } from './model.js';

export function toApiPriority(urls: Urls, p: Priority) {
  return { id: p.id, type: 'priority', summary: p.name, self: urls.api(`/priorities/${p.id}`), html_url: null, name: p.name, description: p.description, position: p.position };
}

/** `{id, type: 'priority_reference', summary, self, html_url: null}`: PagerDuty has no page for one priority. */
export function priorityReference(urls: Urls, p: Pick<Priority, 'id' | 'name'>): Reference {
  return reference(urls, 'priority', p.id, p.name, `/priorities/${p.id}`, null);
}
