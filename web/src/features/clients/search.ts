/**
 * The clients list's one search box. Text with an "@" is an email, looked up exactly (the
 * service keeps only a keyed hash of each address, so it cannot match part of one); anything
 * else is a name prefix, each word starting a name.
 */
export type PeopleSearch = { name?: string; email?: string };

export function parseSearch(text: string): PeopleSearch {
  const trimmed = text.trim().replace(/\s+/g, " ");
  if (!trimmed) return {};
  if (trimmed.includes("@")) return { email: trimmed.toLowerCase() };
  return { name: trimmed.slice(0, 100) };
}

export function searchDescription(search: PeopleSearch): string {
  if (search.email) return "people with exactly this email address";
  if (search.name) return "people whose names start with these words";
  return "everyone";
}
