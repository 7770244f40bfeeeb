// Time for the domain: a Clock port and duration units. Domain code never calls `new Date()`; it asks
// the clock it was handed (the composition root passes the system clock, tests a clock they move).
// Implementations live in app/infra/clock.ts; the domain only knows this interface.

export interface Clock {
  now(): Date;
}

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
