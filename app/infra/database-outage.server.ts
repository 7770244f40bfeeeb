import { json, type ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable } from "./database-errors.server";
import { localeFromRequest } from "./locale.server";

// While the database is out of reach (PostgreSQL down or restarting), every page and form answers 503
// "temporarily unavailable, try again" with Retry-After — not the generic 500 page. server.ts wraps the
// Remix build once: each route's loader and action is called as before, and an error that
// isDatabaseUnavailable recognises becomes a thrown 503 response, which the root ErrorBoundary renders
// as the friendly page (app/root.tsx) in the person's language.

export const RETRY_AFTER_SECONDS = 30;

type Handler = (args: { request: Request }) => unknown;

/** The 503 response for a request that met a database outage. */
export async function unavailableResponse(request: Request): Promise<Response> {
  const locale = await localeFromRequest(request).catch(() => "pl" as const);
  return json(
    { code: "UNAVAILABLE", message: "The service is temporarily unavailable. Please try again in a moment.", locale },
    { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } },
  );
}

export function guardHandler<H extends Handler>(handler: H): H {
  const guarded = async (args: Parameters<H>[0]) => {
    try {
      return await handler(args);
    } catch (error) {
      if (!(error instanceof Response) && isDatabaseUnavailable(error)) {
        console.error(`[outage] ${args.request.method} ${new URL(args.request.url).pathname}: database unavailable (${describe(error)})`);
        throw await unavailableResponse(args.request);
      }
      throw error;
    }
  };
  return guarded as unknown as H;
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  return [typeof e?.code === "string" ? e.code : null, typeof e?.message === "string" ? e.message.split("\n")[0].slice(0, 200) : null]
    .filter(Boolean)
    .join(": ");
}

/** The same build with every loader and action guarded. */
export function withDatabaseOutagePages(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    if (module.loader) module.loader = guardHandler(module.loader as Handler) as typeof module.loader;
    if (module.action) module.action = guardHandler(module.action as Handler) as typeof module.action;
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}
