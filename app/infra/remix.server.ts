import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { domainContext, sessionFromRequest } from "./auth.server";
import type { DomainContext } from "~/domain/context";
import { isDomainError, type DomainError } from "~/domain/errors";
import type { SessionUser } from "~/domain/identity/sessions.server";
import { anonymousActor, can, canAtAll, type PersonActor } from "~/domain/identity/actor";
import type { EntityFor, PermissionAction } from "~/domain/identity/permissions";

// Helpers for Remix loaders and actions: who is signed in, and how domain errors become form messages.

export interface SignedIn {
  ctx: DomainContext;
  actor: PersonActor;
  user: SessionUser;
}

/** The signed-in person, or a redirect to sign-in (or to the second factor step for staff). */
export async function requireUser(request: Request, context: AppLoadContext): Promise<SignedIn> {
  const services = context.services;
  const session = await sessionFromRequest(services, request);
  if (!session) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(returnTarget(url))}`);
  }
  if (session.status === "secondFactorPending") throw redirect("/login/second-factor");
  return { ctx: domainContext(services, session.actor, request, context.clientAddress), actor: session.actor, user: session.user };
}

/**
 * For public pages (forms a guest may send too): the signed-in person's context, or an anonymous one.
 * Either carries the request's origin (address, browser) for consent records and rate limits.
 */
export async function optionalUser(request: Request, context: AppLoadContext): Promise<{ ctx: DomainContext; user: SessionUser | null }> {
  const services = context.services;
  const session = await sessionFromRequest(services, request);
  if (session?.status === "active") return { ctx: domainContext(services, session.actor, request, context.clientAddress), user: session.user };
  return { ctx: domainContext(services, anonymousActor, request, context.clientAddress), user: null };
}

/**
 * Where to come back to after signing in. A long query string is dropped (the page itself is kept): an
 * encoded target of many kilobytes would make a Location header browsers and proxies refuse to read.
 */
function returnTarget(url: URL): string {
  const target = url.pathname + url.search;
  if (target.length <= MAX_RETURN_TARGET) return target;
  return url.pathname.length <= MAX_RETURN_TARGET ? url.pathname : "/";
}
const MAX_RETURN_TARGET = 1024;

/** Like requireUser, but answers 403 when the person lacks the permission (any access level). */
export async function requirePermission<A extends PermissionAction>(request: Request, context: AppLoadContext, action: A, entity: EntityFor<A>) {
  const signedIn = await requireUser(request, context);
  if (!canAtAll(signedIn.actor, action, entity)) throw json({ code: "FORBIDDEN" }, { status: 403 });
  return signedIn;
}

export { can, canAtAll };

export interface ActionFailure {
  ok: false;
  code: DomainError["code"];
  message: string;
  fieldErrors?: Record<string, string[]>;
  params?: Record<string, string | number>;
  /** Every problem of a many-part input (a notice's items), each with its field and its own code. */
  details?: { field: string; code: string; message: string }[];
}

/** Runs a domain command for a form: a DomainError becomes a 4xx payload the form shows; nothing else is caught. */
export async function runAction<T>(fn: () => Promise<T>): Promise<{ ok: true; result: T } | ActionFailure> {
  try {
    return { ok: true, result: await fn() };
  } catch (error) {
    if (isDomainError(error)) {
      return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors, params: error.params, details: error.details };
    }
    throw error;
  }
}

export function failureStatus(code: string): number {
  switch (code) {
    case "UNAUTHENTICATED":
    case "SESSION_EXPIRED":
      return 401;
    case "FORBIDDEN":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "CONFLICT":
    case "INVALID_TRANSITION":
    case "EMAIL_TAKEN":
      return 409;
    case "ACCOUNT_LOCKED":
      return 429;
    case "UNSUPPORTED_MEDIA_TYPE":
      return 415;
    default:
      return 400;
  }
}

/** Returns a failure as JSON with a fitting status, for `useActionData`. */
export function failure(result: ActionFailure) {
  return json(result, { status: failureStatus(result.code) });
}

/** Loader helper: a domain NOT_FOUND/FORBIDDEN becomes the matching error page, not a 500. */
export async function loadOr404<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isDomainError(error)) {
      const status = failureStatus(error.code);
      throw json({ code: error.code }, { status: status === 400 ? 404 : status });
    }
    throw error;
  }
}
