import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { isAdjustable } from "~/infra/clock";

// Moves the application's clock forward, for browser tests of deadlines (the 24-hour seller answer).
// Exists only when the server was started with TEST_CLOCK=adjustable; otherwise a plain 404.
export async function loader({ context }: LoaderFunctionArgs) {
  const clock = context.services.clock;
  if (!isAdjustable(clock)) throw new Response("Not Found", { status: 404 });
  return json({ now: clock.now().toISOString(), offsetMs: clock.offset() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const clock = context.services.clock;
  if (!isAdjustable(clock)) throw new Response("Not Found", { status: 404 });
  const body = (await request.json().catch(() => ({}))) as { advanceMs?: unknown };
  const ms = Number(body.advanceMs);
  if (!Number.isInteger(ms) || ms <= 0 || ms > 400 * 24 * 3_600_000) return json({ error: "advanceMs must be a positive whole number of milliseconds" }, { status: 400 });
  clock.advance(ms);
  return json({ now: clock.now().toISOString(), offsetMs: clock.offset() });
}
