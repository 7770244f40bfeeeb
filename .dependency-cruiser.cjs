// Import boundaries (npm run lint:boundaries, run by CI). The domain holds every rule and knows no adapter;
// adapters (Remix routes and components, GraphQL, workers) reach the database only through the domain;
// case contexts use each other only through a context's public.ts.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-imports-no-adapter",
      comment: "app/domain is the core: it must not depend on Remix routes, components, infra, GraphQL or workers.",
      severity: "error",
      from: { path: "^app/domain/" },
      to: { path: "^(app/(routes|components|infra|lib|i18n|styles)/|graphql/|workers/|server\\.ts|prisma/seed/)" },
    },
    {
      name: "domain-imports-no-framework",
      comment: "Rules are plain TypeScript: no Remix, React, GraphQL, HTTP or database driver in the domain.",
      severity: "error",
      from: { path: "^app/domain/" },
      to: {
        dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"],
        path: "node_modules/(@remix-run|react|react-dom|react-i18next|i18next|graphql|graphql-yoga|@pothos|express|pg|@electric-sql|@prisma/adapter-pg|pglite-prisma-adapter)/",
      },
    },
    {
      name: "adapters-import-no-prisma",
      comment: "Routes, components, GraphQL and workers call domain functions; they never query Prisma themselves.",
      severity: "error",
      from: { path: "^(app/(routes|components|lib)/|graphql/|workers/)" },
      to: { path: "(^app/generated/prisma/|node_modules/@prisma/client/)" },
    },
    {
      name: "contexts-through-public-modules",
      comment: "A case context uses another only through that context's public.ts.",
      severity: "error",
      from: { path: "^app/domain/(discussions|claims)/" },
      to: { path: "^app/domain/(discussions|claims)/", pathNot: ["^app/domain/$1/", "^app/domain/[^/]+/public\\.ts$"] },
    },
    {
      name: "kernel-imports-no-context",
      comment: "Shared pieces (shared, cases, identity, audit, notifications, program terms) serve every context and import none.",
      severity: "error",
      from: { path: "^app/domain/(shared|cases|identity|audit|notifications|program-terms|marketplace)/", pathNot: "/module\\.ts$" },
      to: { path: "^app/domain/(discussions|claims)/" },
    },
    {
      name: "no-circular-runtime",
      comment: "Runtime import cycles make start-up order fragile (type-only cycles are harmless).",
      severity: "error",
      from: { path: "^(app|graphql|workers)/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    // Generated code is a dependency like a package: reported when imported, never walked into.
    doNotFollow: { path: ["node_modules", "^app/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
  },
};
