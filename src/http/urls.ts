import type { Urls } from '../context.js';
export type { Urls } from '../context.js';

/** Builds `self` and `html_url` from TOCSIN_PUBLIC_URL. */
export function makeUrls(publicUrl: string): Urls {
  const base = publicUrl.replace(/\/+$/, '');
  return { api: (p) => base + p, html: (p) => base + '/ui' + p };
}

/** A PagerDuty reference object: `type` is the resource type suffixed `_reference`. */
export interface Reference {
  id: string;
  type: string;
  summary: string | null;
  self: string | null;
  html_url: string | null;
}

export function reference(urls: Urls, type: string, id: string, summary: string | null, path: string, html: string | null = path): Reference {
  return { id, type: `${type}_reference`, summary, self: urls.api(path), html_url: html === null ? null : urls.html(html) };
}
