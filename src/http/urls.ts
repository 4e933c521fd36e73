/** Builds `self` and `html_url` from TOCSIN_PUBLIC_URL. */
export interface Urls {
  /** The REST URL of a path, e.g. api('/services/PABC123'). */
  api(path: string): string;
  /** The web UI URL of a path, e.g. html('/services/PABC123'). */
  html(path: string): string;
}

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
