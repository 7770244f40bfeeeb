import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/lib/nonce";
import { isDatabaseUnavailable } from "~/infra/database-errors.server";
import { RETRY_AFTER_SECONDS } from "~/infra/database-outage.server";

// Server rendering (Remix's default for Node, plus): the request's CSP nonce on every inline script
// (React's streaming scripts, <Scripts>, <ScrollRestoration>, the single-fetch stream), Retry-After on
// 503 pages, and error logging that leaves out refused requests and aborted connections.

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : undefined;
  if (responseStatusCode === 503) {
    responseHeaders.set("Retry-After", String(RETRY_AFTER_SECONDS));
    responseHeaders.set("Cache-Control", "no-store");
  }
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      const stream = createReadableStreamFromReadable(body);
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors inside the shell are logged by Remix (handleError); these come later, while streaming.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** Data requests (client navigations, fetchers) answered 503 say when to try again, as pages do. */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  if (response.status === 503 && !response.headers.has("Retry-After")) {
    response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  }
  return response;
};

export const handleError: HandleErrorFunction = (error, { request }) => {
  // A person who navigated away aborted the request: nothing went wrong.
  if (request.signal.aborted) return;
  if (isDatabaseUnavailable(error)) {
    console.error(`[outage] ${request.method} ${new URL(request.url).pathname}: database unavailable`);
    return;
  }
  console.error(error);
};
