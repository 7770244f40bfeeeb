import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { builder, type GraphQLContext } from "../builder";
import { cappedCount, COUNT_CAP, type CappedCount } from "~/domain/shared/capped-count";

// How many rows a connection holds, at a cost that does not grow with the list: `total` counts at most
// COUNT_CAP + 1 rows (the domain's cappedCount) and says "at least" beyond that. The exact `totalCount` is
// kept for existing clients but deprecated: it counts the whole filtered list on every page.

export const CappedCountRef = builder.objectRef<CappedCount>("CappedCount").implement({
  description: `How many rows a list holds, counted up to ${COUNT_CAP.toLocaleString("en")} so that asking costs the same however long the list grows. Exact when atLeast is false; when atLeast is true the list holds more than count rows (show it as "${COUNT_CAP.toLocaleString("en")}+").`,
  fields: (t) => ({
    count: t.exposeInt("count"),
    atLeast: t.exposeBoolean("atLeast", { description: "True when the true number is greater than count (count is a lower bound)." }),
    formatted: t.string({
      description: 'The count as people read it in English: "42", "1,000+".',
      resolve: (c) => `${c.count.toLocaleString("en")}${c.atLeast ? "+" : ""}`,
    }),
  }),
});

/** Counts a list's rows: at most `take` of them when given (a capped count), all of them otherwise. */
export type ListCounter = (take?: number) => Promise<number>;
interface CountSource {
  info: GraphQLResolveInfo;
  counter: ListCounter;
}

// One capped count per connection field in a request, whoever asks first (the page's resolver or the field).
const started = new WeakMap<GraphQLResolveInfo, Promise<CappedCount>>();
function totalOf({ info, counter }: CountSource): Promise<CappedCount> {
  let total = started.get(info);
  if (!total) {
    total = cappedCount((take) => counter(take));
    started.set(info, total);
  }
  return total;
}

/**
 * A connection's counts. Spread `totalCount` into the prismaConnection options, call `alongside` first
 * thing in its resolver (the capped count then runs in parallel with the page's rows, not after them)
 * and pass `fields` as the connection's fields.
 */
export function countedConnection<Args>(counter: (args: Args, ctx: GraphQLContext) => ListCounter) {
  return {
    // Pothos hands this to the connection object as `totalCount()`; our fields below read it.
    totalCount: (_parent: unknown, args: Args, ctx: GraphQLContext, info: GraphQLResolveInfo) => ({ info, counter: counter(args, ctx) }) as unknown as number,
    alongside(args: Args, ctx: GraphQLContext, info: GraphQLResolveInfo) {
      if (selects(info, "total")) totalOf({ info, counter: counter(args, ctx) }).catch(() => undefined);
    },
  };
}

type Connection = { totalCount?: () => CountSource };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const totalFields = (t: any) => ({
  total: t.field({
    type: CappedCountRef,
    description: `How many rows the list holds, exact up to ${COUNT_CAP.toLocaleString("en")} ("at least" beyond).`,
    extensions: { pothosPrismaTotalCount: true },
    resolve: (connection: Connection) => totalOf(connection.totalCount!()),
  }),
  totalCount: t.int({
    deprecationReason: "Counts the whole list on every request, so it slows down as the list grows; use total.",
    extensions: { pothosPrismaTotalCount: true },
    resolve: (connection: Connection) => connection.totalCount!().counter(),
  }),
});

/** Whether the field's selection (fragments included) asks for `name` directly below it. */
function selects(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === name
        : s.kind === Kind.INLINE_FRAGMENT
          ? visit(s.selectionSet)
          : visit(info.fragments[s.name.value]?.selectionSet),
    );
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
