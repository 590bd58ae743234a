/** The practice a portal page belongs to: `/o/<practice-slug>/...` (the router's basename). */
export function portalSlug(pathname: string = window.location.pathname): string {
  const match = /^\/o\/([^/]+)/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : "";
}

export const portalBasename = (slug: string) => `/o/${encodeURIComponent(slug)}`;
