import SchemaBuilder from "@pothos/core";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ErrorsPlugin from "@pothos/plugin-errors";
import ComplexityPlugin from "@pothos/plugin-complexity";
import type PrismaTypes from "~/generated/pothos-types";
import { getDatamodel } from "~/generated/pothos-types";
import type { DomainContext } from "~/domain/context";
import { canAny, canAtAll, isPerson } from "~/domain/identity/actor";
import { splitSubject, type PermissionSubject } from "~/domain/identity/permissions";
import { DomainError } from "~/domain/errors";
import { decodeGlobalID } from "@pothos/plugin-relay";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The builder only configures plugins; types live one per file under graphql/types and are
// collected by graphql/schema.ts.
export type GraphQLContext = DomainContext;

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: GraphQLContext;
  AuthScopes: { signedIn: boolean; permission: PermissionSubject; permissionAny: PermissionSubject };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    File: { Input: File; Output: never };
    ID: { Input: string; Output: string | number | bigint };
    MinorUnits: { Input: number; Output: number };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: async (ctx) => ({
      signedIn: isPerson(ctx.actor),
      // The domain's own predicates. "permission: read:order" passes with any variant (own, org, any);
      // which rows are visible is decided by the domain's where-builders in the resolvers.
      // "permissionAny: read:user" needs the any variant: staff-wide lists and queues.
      permission: (subject: PermissionSubject) => canAtAll(ctx.actor, ...splitSubject(subject)),
      permissionAny: (subject: PermissionSubject) => canAny(ctx.actor, ...splitSubject(subject)),
    }),
    unauthorizedError: (_parent, ctx) =>
      new DomainError(isPerson(ctx.actor) ? "FORBIDDEN" : "UNAUTHENTICATED", isPerson(ctx.actor) ? "Missing permission" : "Sign in first"),
  },
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
    defaultConnectionSize: 25,
    maxConnectionSize: 100,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // node(id:) answers null — never an error — for an id that is malformed, names no node type or does
    // not hold a uuid (every node here is keyed by one), exactly as for an unknown or invisible record.
    decodeGlobalID: (globalID) => {
      try {
        return decodeGlobalID(globalID);
      } catch {
        return { typename: "", id: "" };
      }
    },
    nodeQueryOptions: {
      nullable: true,
      resolve: (_root, { id }, _ctx, info, resolveNode) => {
        const type = id.typename ? info.schema.getType(id.typename) : undefined;
        const isNode = !!type && "getInterfaces" in type && type.getInterfaces().some((i) => i.name === "Node");
        return isNode && UUID.test(id.id) ? resolveNode(id) : null;
      },
    },
    nodesQueryOptions: false,
  },
  errors: {
    defaultTypes: [],
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { complexity: 20_000, depth: 12, breadth: 300 },
  },
});

builder.queryType({});
builder.mutationType({});
