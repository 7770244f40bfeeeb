import type { DomainContext } from "../context";
import { authorize } from "./actor";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Display names for a set of user ids (e.g. the actors in an audit log page), for people who may read any
 * account. Ids that are not user ids (tokens, workers) are skipped; at most 200 per call.
 */
export async function userNamesByIds(ctx: DomainContext, ids: readonly (string | null | undefined)[]): Promise<Record<string, string>> {
  authorize(ctx.actor, "read", "user");
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string" && UUID.test(id)))].slice(0, 200);
  if (wanted.length === 0) return {};
  const users = await ctx.db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return Object.fromEntries(users.map((user) => [user.id, user.name]));
}
