import { shouldRenderGraphiQL, type Plugin } from "graphql-yoga";

// Why: GraphiQL is a tool for signed-in people (it runs with their session). yoga asks the `graphiql`
// option (see yoga.server.ts) whether to render it; when it declines — an anonymous visitor — the browser
// would get a bare GraphQL error page. This plugin, which runs after yoga's GraphiQL step, sends such
// visitors to sign in and come back.
export function graphiqlSignInRedirect(): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (!shouldRenderGraphiQL(request)) return;
      endResponse(
        new Response(null, {
          status: 302,
          headers: { location: `/login?redirectTo=${encodeURIComponent("/graphql")}`, "cache-control": "no-store" },
        }),
      );
    },
  };
}
