import type { GraphQLContext } from "../builder";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { canAny } from "~/domain/identity/actor";
import { membershipsOf } from "~/domain/rights/membership.server";
import { itemAudience, type ItemAudience } from "~/domain/rights/views";
import { rightsPolicy } from "~/domain/rights/settings.server";
import type { RightsPolicy } from "~/domain/rights/policy";

// Per-request helpers for the rights types: the reader's memberships (read once per request, and only
// for readers who are not staff) and the domain's audience of an item. Who sees what is decided by
// app/domain/rights/views.ts; these only feed it.

const memberships = new WeakMap<object, Promise<Map<string, "OWNER" | "FILER">>>();

/** The reader's role in each rights holder it is an accepted member of (one statement per request). */
export function memberRolesOf(ctx: GraphQLContext): Promise<Map<string, "OWNER" | "FILER">> {
  let roles = memberships.get(ctx);
  if (!roles) {
    roles = membershipsOf(ctx.db, ctx.actor).then((rows) => new Map(rows.map((m) => [m.rightsHolderId, m.role])));
    memberships.set(ctx, roles);
  }
  return roles;
}

const noMemberships = Promise.resolve(new Set<string>());

/** The rights holders the reader is an accepted member of (none read for staff, who see everything anyway). */
export async function memberSetOf(ctx: GraphQLContext): Promise<Set<string>> {
  if (canAny(ctx.actor, "read", "ipNotice") && canAny(ctx.actor, "read", "rightsHolder")) return noMemberships;
  return new Set((await memberRolesOf(ctx)).keys());
}

const policies = new WeakMap<object, Promise<RightsPolicy>>();

/** The rights policy in force, read once per request. */
export function policyOf(ctx: GraphQLContext): Promise<RightsPolicy> {
  let policy = policies.get(ctx);
  if (!policy) policies.set(ctx, (policy = rightsPolicy(ctx.db)));
  return policy;
}

/** The domain's audience of an item for this reader (null: the reader may not see it). */
export async function audienceOf(ctx: GraphQLContext, item: { rightsHolderId: string; sellerId: string; status: string }): Promise<ItemAudience | null> {
  return itemAudience(ctx.actor, item, await memberSetOf(ctx));
}

/**
 * Batches one kind of look-up across the rows of a list: every call made while the list resolves joins
 * one call of `run` (one statement for the page, whatever its size).
 */
export function batchLoader<K, V>(ctx: GraphQLContext, name: string, run: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  let perContext = batches.get(ctx);
  if (!perContext) batches.set(ctx, (perContext = new Map()));
  return (key: K) => {
    let batch = perContext!.get(name) as Batch<K, V> | undefined;
    if (!batch) {
      const created: Batch<K, V> = { keys: new Set<K>(), result: undefined as unknown as Promise<Map<K, V>> };
      created.result = new Promise<Map<K, V>>((resolve, reject) => {
        setImmediate(() => {
          perContext!.delete(name);
          run([...created.keys]).then(resolve, reject);
        });
      });
      perContext!.set(name, created);
      batch = created;
    }
    batch.keys.add(key);
    return batch.result.then((map) => map.get(key));
  };
}
interface Batch<K, V> {
  keys: Set<K>;
  result: Promise<Map<K, V>>;
}
const batches = new WeakMap<object, Map<string, Batch<unknown, unknown>>>();

/** An id argument: the global id of `type`, or the raw uuid an integration already holds (the domain validates it). */
export function idOf(value: string | number | null | undefined, type: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  try {
    const decoded = decodeGlobalID(String(value));
    if (decoded.typename === type) return decoded.id;
  } catch {
    // not a global id
  }
  return String(value);
}
