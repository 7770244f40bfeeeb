import { builder } from "../builder";
import { mutationErrors } from "./errors";
import { createApiToken, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { rawId } from "./admin";

const ApiTokenType = builder.prismaNode("ApiToken", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [{ userId: "userId" in ctx.actor ? ctx.actor.userId : "00000000-0000-0000-0000-000000000000" }] }),
  fields: (t) => ({
    name: t.exposeString("name"),
    prefix: t.exposeString("prefix"),
    permissions: t.exposeStringList("permissions"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

const CreatedApiToken = builder.objectRef<{ token: string; record: { id: string } }>("CreatedApiToken").implement({
  fields: (t) => ({
    token: t.exposeString("token", { description: "The secret. Shown this once; only its hash is stored." }),
    apiToken: t.prismaField({
      type: "ApiToken",
      resolve: (query, created, _a, ctx) => ctx.db.apiToken.findUniqueOrThrow({ ...query, where: { id: created.record.id } }),
    }),
  }),
});

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreatedApiToken,
    errors: mutationErrors,
    args: {
      name: t.arg.string({ required: true }),
      permissions: t.arg.stringList({ required: true }),
      expiresInDays: t.arg.int(),
    },
    resolve: (_root, args, ctx) =>
      createApiToken(ctx, { name: args.name, permissions: args.permissions, expiresInDays: args.expiresInDays ?? undefined }),
  }),
  revokeApiToken: t.field({
    type: ApiTokenType,
    errors: mutationErrors,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => revokeApiToken(ctx, rawId(args.id, "ApiToken")),
  }),
}));
