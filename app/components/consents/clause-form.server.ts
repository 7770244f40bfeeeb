import { listInfoPages } from "~/domain/consents/info-pages.server";
import type { DomainContext } from "~/domain/context";

// What the clause editor's form sends, read as the domain's input (the domain validates it), and the
// information pages its editor can link to.

export function readClauseForm(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "");
  const active = text("active");
  return {
    description: text("description"),
    position: text("position"),
    type: text("type"),
    active: active === "yes",
    // An empty priority is a missing number, not 0.
    priority: text("priority").trim() || undefined,
    content: text("content"),
    expectedVersion: text("expectedVersion"),
  };
}

export type ClauseFormValues = ReturnType<typeof readClauseForm>;

export async function linkablePages(ctx: Pick<DomainContext, "db">) {
  return (await listInfoPages(ctx)).map((page) => ({ slug: page.slug, title: page.title }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A clause id from the address or a form: anything that is not a uuid names no clause (404, never a 500). */
export function clauseIdOr404(value: unknown): string {
  const id = String(value ?? "");
  if (!UUID.test(id)) throw new Response(JSON.stringify({ code: "NOT_FOUND" }), { status: 404, headers: { "Content-Type": "application/json" } });
  return id;
}
