import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionCookie, readSessionId } from "~/infra/auth.server";
import { signOut } from "~/domain/identity/sessions.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const sessionId = await readSessionId(context.services, request);
  if (sessionId) await signOut(context.services.database.prisma, sessionId);
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": await clearSessionCookie(context.services) } });
}

export const loader = () => redirect("/");
