import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionCookie, readSessionId } from "~/infra/auth.server";
import { signOut } from "~/domain/identity/sessions.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const sessionId = await readSessionId(context.services, request);
  const { services } = context;
  if (sessionId) await signOut({ db: services.database.prisma, authorizationChanged: () => services.authCache.settle() }, sessionId);
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": await clearSessionCookie(context.services) } });
}

export const loader = () => redirect("/");
