// Display formatting shared by the UI and the API: times are stored in UTC and shown in Europe/Warsaw,
// money is integer minor units shown as PLN.
export const DISPLAY_TIME_ZONE = "Europe/Warsaw";

const localeTag = (locale: string) => (locale === "en" ? "en-GB" : "pl-PL");

export function formatMoney(amount: number, currency = "PLN", locale = "pl"): string {
  return new Intl.NumberFormat(localeTag(locale), { style: "currency", currency }).format(amount / 100);
}

export function formatDateTime(value: Date | string, locale = "pl"): string {
  return new Intl.DateTimeFormat(localeTag(locale), {
    timeZone: DISPLAY_TIME_ZONE,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(value));
}

export function formatDate(value: Date | string, locale = "pl"): string {
  return new Intl.DateTimeFormat(localeTag(locale), { timeZone: DISPLAY_TIME_ZONE, dateStyle: "medium" }).format(
    new Date(value),
  );
}

/** "2 d 3 h", "5 h 12 min", "45 min": the remaining (or, negative, overdue) time for countdowns. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${mins} min`;
  return `${mins} min`;
}
