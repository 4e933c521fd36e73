import type { Urls } from '../context.js';
import type { Tag } from './model.js';

/** A tag on the wire: PagerDuty's Tag (`html_url` null: tags have no page of their own). */
export function toApiTag(urls: Urls, tag: Tag) {
  return { id: tag.id, type: 'tag' as const, summary: tag.label, label: tag.label, self: urls.api(`/tags/${tag.id}`), html_url: null };
}
