import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

// The GraphQL API (and GraphiQL in a browser) as a resource route; the server is built once in server.ts.
export const loader = ({ request, context }: LoaderFunctionArgs) => context.services.graphql.handleRequest(request, { clientAddress: context.clientAddress });
export const action = ({ request, context }: ActionFunctionArgs) => context.services.graphql.handleRequest(request, { clientAddress: context.clientAddress });
