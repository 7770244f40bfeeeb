import { resolveArrayConnection } from "@pothos/plugin-relay";
import { builder } from "../builder";
import { mutationErrors } from "./errors";
import { CappedCountRef } from "./totals";
import { idOf } from "./rights-access";
import { CLAUSE_LIST_LIMIT, createClause, deleteClause, getClause, listClauses, updateClause } from "~/domain/consents/clauses.server";
import { CLAUSE_POSITIONS, CLAUSE_TYPES } from "~/domain/consents/positions";
import { PRIORITY_MAX, PRIORITY_MIN } from "~/domain/consents/positions";

// The clause registry through the API (the privacy officer's "Rejestr zgód"): the list, one clause with
// its version history, and adding, editing and deleting. Every rule is in app/domain/consents.

export const ClausePositionEnum = builder.enumType("ClausePosition", {
  description: "Where a clause is shown: the shop's positions (seed 002) and the marketplace's case forms.",
  values: CLAUSE_POSITIONS,
});
export const ClauseTypeEnum = builder.enumType("ClauseType", {
  description: "MANDATORY_CONSENT must be ticked to send the form; OPTIONAL_CONSENT may be; INFORMATION_CLAUSE is only shown.",
  values: CLAUSE_TYPES,
});

type ClauseListRow = Awaited<ReturnType<typeof listClauses>>[number];
type ClauseDetail = Awaited<ReturnType<typeof getClause>>;
type ClauseVersionRow = ClauseDetail["versions"][number];

const ClauseVersionRef = builder.objectRef<ClauseVersionRow>("ClauseVersion").implement({
  description: "One wording a clause had, never changed once written: what a consent given while it was current refers to.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The version's id (what consent records and form answers name)." }),
    version: t.exposeInt("version", { description: "1 for the first wording, one more for each change of wording or type." }),
    type: t.field({ type: ClauseTypeEnum, description: "The clause's type while this version was current.", resolve: (v) => v.type }),
    content: t.exposeString("content", { description: "The exact sanitized HTML shown on forms." }),
    contentHash: t.exposeString("contentHash", { description: "SHA-256 (hex) of content: proves which words were accepted." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When this wording was saved." }),
    createdByName: t.exposeString("createdByName", { nullable: true, description: "Who saved it (null for the system or a removed account)." }),
  }),
});

/** A clause as the registry shows it; the list has no versions, one clause has them. */
type ClauseShape = ClauseListRow & { versions?: ClauseVersionRow[] };

export const ClauseRef = builder.objectRef<ClauseShape>("Clause").implement({
  description: "A legal clause of the registry: where it is shown, its type, priority and current wording.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The clause's id (a uuid)." }),
    description: t.exposeString("description", { description: "What the clause is for (staff only, never shown on forms)." }),
    position: t.field({ type: ClausePositionEnum, description: "Where the clause is shown.", resolve: (c) => c.position }),
    type: t.field({ type: ClauseTypeEnum, description: "Its current type.", resolve: (c) => c.type }),
    active: t.exposeBoolean("active", { description: "Inactive clauses are not shown on forms." }),
    priority: t.exposeInt("priority", { description: `${PRIORITY_MIN}–${PRIORITY_MAX}; higher shows first within its position.` }),
    version: t.exposeInt("version", { description: "The current version's number: pass it as expectedVersion when saving." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the clause was added." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", description: "When it was last saved." }),
    inUse: t.exposeBoolean("inUse", { description: "Someone accepted or was shown it: it is evidence and cannot be deleted." }),
    versions: t.field({
      type: [ClauseVersionRef],
      description: "Every wording it had, newest first (the history tab).",
      resolve: async (c, _a, ctx) => c.versions ?? (await getClause(ctx, c.id)).versions,
    }),
  }),
});

const ClauseInput = builder.inputType("ClauseInput", {
  description: "A clause as the editor sends it; the domain checks every field (VALIDATION_FAILED, CLAUSE_CONTENT_UNSAFE, CLAUSE_LINK_UNKNOWN_PAGE, CLAUSE_POSITION_FULL).",
  fields: (t) => ({
    description: t.string({ required: true, description: "What the clause is for (staff only), required." }),
    position: t.field({ type: ClausePositionEnum, required: true, description: "Where it is shown." }),
    type: t.field({ type: ClauseTypeEnum, required: true, description: "Mandatory consent, optional consent or information clause." }),
    active: t.boolean({ required: true, description: "Shown on forms while true." }),
    priority: t.int({ required: true, description: `${PRIORITY_MIN}–${PRIORITY_MAX}; higher shows first.` }),
    content: t.string({ required: true, description: "Rich text (HTML): no scripts or event handlers; links http(s) or to the site's pages (/pages/<slug> must exist)." }),
  }),
});

const ClauseUpdateInput = builder.inputType("ClauseUpdateInput", {
  description: "A clause as saved from the editor: a changed wording or type becomes a new version.",
  fields: (t) => ({
    description: t.string({ required: true, description: "What the clause is for (staff only), required." }),
    position: t.field({ type: ClausePositionEnum, required: true, description: "Where it is shown." }),
    type: t.field({ type: ClauseTypeEnum, required: true, description: "Mandatory consent, optional consent or information clause." }),
    active: t.boolean({ required: true, description: "Shown on forms while true." }),
    priority: t.int({ required: true, description: `${PRIORITY_MIN}–${PRIORITY_MAX}; higher shows first.` }),
    content: t.string({ required: true, description: "Rich text (HTML), as for ClauseInput." }),
    expectedVersion: t.int({ required: true, description: "The version the editor was opened on: CONFLICT when someone saved a newer one meanwhile." }),
  }),
});

builder.queryFields((t) => ({
  clauses: t.connection(
    {
      type: ClauseRef,
      authScopes: { permissionAny: "manage:clause" },
      description: `The clause registry by position, then priority (at most ${CLAUSE_LIST_LIMIT}), filtered by position, type and active.`,
      args: {
        position: t.arg({ type: ClausePositionEnum, description: "Only clauses at this position." }),
        type: t.arg({ type: ClauseTypeEnum, description: "Only clauses of this type." }),
        active: t.arg.boolean({ description: "Only active (true) or inactive (false) clauses." }),
      },
      resolve: async (_root, args, ctx) => {
        const rows = await listClauses(ctx, { position: args.position ?? undefined, type: args.type ?? undefined, active: args.active ?? undefined });
        const connection = resolveArrayConnection({ args }, rows);
        return { ...connection, total: { count: rows.length, atLeast: rows.length >= CLAUSE_LIST_LIMIT } };
      },
    },
    {
      fields: (c) => ({
        total: c.field({
          type: CappedCountRef,
          description: `How many clauses match (at least ${CLAUSE_LIST_LIMIT} when atLeast is true).`,
          resolve: (connection) => (connection as unknown as { total: { count: number; atLeast: boolean } }).total,
        }),
      }),
    },
  ),
  clause: t.field({
    type: ClauseRef,
    authScopes: { permissionAny: "manage:clause" },
    description: "One clause with its version history (NOT_FOUND when there is none with this id).",
    args: { id: t.arg.id({ required: true, description: "The clause's id." }) },
    resolve: (_root, args, ctx) => getClause(ctx, idOf(args.id, "Clause")!),
  }),
}));

builder.mutationFields((t) => ({
  createClause: t.field({
    type: ClauseRef,
    errors: mutationErrors,
    authScopes: { permissionAny: "manage:clause" },
    description: "Adds a clause (version 1). Refused: VALIDATION_FAILED, CLAUSE_CONTENT_UNSAFE, CLAUSE_LINK_UNKNOWN_PAGE, CLAUSE_POSITION_FULL; nothing is written then.",
    args: { input: t.arg({ type: ClauseInput, required: true }) },
    resolve: async (_root, args, ctx) => getClause(ctx, (await createClause(ctx, args.input)).id),
  }),
  updateClause: t.field({
    type: ClauseRef,
    errors: mutationErrors,
    authScopes: { permissionAny: "manage:clause" },
    description: "Saves a clause: a new wording or type becomes a new version (the old one stays, with its hash). CONFLICT when expectedVersion is not the current version.",
    args: { id: t.arg.id({ required: true, description: "The clause's id." }), input: t.arg({ type: ClauseUpdateInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = idOf(args.id, "Clause")!;
      await updateClause(ctx, id, args.input);
      return getClause(ctx, id);
    },
  }),
  deleteClause: t.field({
    type: "ID",
    errors: mutationErrors,
    authScopes: { permissionAny: "manage:clause" },
    description: "Deletes a clause nobody has met on a form, with its versions; one with consent records is refused (CLAUSE_IN_USE: make it inactive instead).",
    args: { id: t.arg.id({ required: true, description: "The clause's id." }) },
    resolve: async (_root, args, ctx) => (await deleteClause(ctx, idOf(args.id, "Clause")!)).id,
  }),
}));
