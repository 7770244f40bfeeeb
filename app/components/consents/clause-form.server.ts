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
