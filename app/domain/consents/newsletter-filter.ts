// The newsletter address list's filter, shared by the domain and the page (client code imports it too).

export const NEWSLETTER_STATUSES = ["SUBSCRIBED", "UNSUBSCRIBED"] as const;
export type NewsletterStatus = (typeof NEWSLETTER_STATUSES)[number];

/** A search shorter than this would list most of the address list; it is not run, and the page says so. */
export const NEWSLETTER_SEARCH_MIN = 2;
export const NEWSLETTER_SEARCH_MAX = 200;

export interface NewsletterFilter {
  status?: NewsletterStatus;
  /** The start of the address, any case; `%` and `_` are plain characters. */
  search?: string;
}

/** LIKE's wildcards and its escape character, as plain characters. */
export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
