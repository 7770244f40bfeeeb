import express from "express";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { graphiqlPolicy, inlineScriptHashes, isSameOrigin, pagePolicy, refuseCrossOriginPosts, securityHeaders } from "~/infra/http-security.server";
import { guardHandler, withDatabaseOutagePages } from "~/infra/database-outage.server";
import { healthz, readiness } from "~/infra/health.server";
import type { ServerBuild } from "@remix-run/node";

// The express-level hardening of server.ts, in-process: headers and CSP, the cross-origin refusal, the
// probes, and the loader/action guard that turns a database outage into a 503.

async function serve(app: express.Express, run: (url: string) => Promise<void>) {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function appWith(secureCookies = false) {
  const app = express();
  app.use(securityHeaders({ secureCookies }, { scriptHashes: ["sha256-abc"] }));
  app.get("/healthz", healthz());
  app.use(refuseCrossOriginPosts());
  app.all("*", (_req, res) => res.send(`ok ${res.locals.cspNonce}`));
  return app;
}

describe("security headers", () => {
  it("a page policy with a fresh nonce per response, shared with the renderer", async () => {
    await serve(appWith(), async (url) => {
      const first = await fetch(`${url}/orders`);
      const second = await fetch(`${url}/orders`);
      const csp = first.headers.get("content-security-policy")!;
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      expect(await first.text()).toBe(`ok ${nonce}`);
      expect(second.headers.get("content-security-policy")).not.toContain(nonce);
      expect(nonce.length).toBeGreaterThanOrEqual(22);
      expect(csp).toBe(pagePolicy(nonce));
      expect(first.headers.get("x-content-type-options")).toBe("nosniff");
      expect(first.headers.get("x-frame-options")).toBe("DENY");
      expect(first.headers.get("referrer-policy")).toBe("same-origin");
      expect(first.headers.get("strict-transport-security")).toBeNull();
    });
  });

  it("HSTS only behind HTTPS", async () => {
    await serve(appWith(true), async (url) => {
      expect((await fetch(`${url}/`)).headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    });
  });

  it("GraphiQL gets its own policy: its inline scripts by hash, never the page nonce", async () => {
    await serve(appWith(), async (url) => {
      const csp = (await fetch(`${url}/graphql`)).headers.get("content-security-policy")!;
      expect(csp).toBe(graphiqlPolicy(["sha256-abc"]));
      expect(csp).toContain("script-src 'self' 'sha256-abc'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("nonce-");
    });
    expect(graphiqlPolicy(null)).toContain("script-src 'self' 'unsafe-inline'");
  });

  it("the page policy: no inline or eval scripts, no plugins, no framing, forms only to us", () => {
    const csp = pagePolicy("N");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'nonce-N'");
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
  });

  it("hashes inline scripts only", () => {
    const hashes = inlineScriptHashes('<script>a()</script><script src="/x.js"></script><script type="module">b()</script>');
    expect(hashes).toHaveLength(2);
    for (const hash of hashes) expect(hash).toMatch(/^sha256-[A-Za-z0-9+/]+=*$/);
  });
});

describe("cross-origin form posts", () => {
  it.each([
    ["the same host", "http://app.example:3000", { host: "app.example:3000" }, true],
    ["another host", "http://evil.example", { host: "app.example:3000" }, false],
    ["another port", "http://app.example:3001", { host: "app.example:3000" }, false],
    ["an opaque origin", "null", { host: "app.example" }, false],
    ["not a URL", "not a url", { host: "app.example" }, false],
    ["no host header", "http://app.example", {}, false],
    ["the forwarded host", "https://app.example", { host: "internal:3000", "x-forwarded-host": "app.example, proxy" }, true],
    ["the forwarded host wins", "http://internal:3000", { host: "internal:3000", "x-forwarded-host": "app.example" }, false],
  ] as const)("%s", (_name, origin, headers, same) => {
    expect(isSameOrigin(origin, headers)).toBe(same);
  });

  it("are refused with 403 (Remix would answer its own refusal with a 500); same-origin and GraphQL pass", async () => {
    await serve(appWith(), async (url) => {
      const post = (path: string, origin?: string) =>
        fetch(`${url}${path}`, { method: "POST", headers: { ...(origin ? { origin } : {}), "content-type": "application/x-www-form-urlencoded" }, body: "a=1" });
      for (const origin of ["http://evil.example", "null", "nonsense"]) {
        const refused = await post("/login", origin);
        expect(refused.status).toBe(403);
        expect(await refused.json()).toMatchObject({ code: "FORBIDDEN" });
      }
      expect((await post("/login", url)).status).toBe(200);
      expect((await post("/login")).status).toBe(200);
      expect((await post("/graphql", "http://evil.example")).status).toBe(200);
      expect((await fetch(`${url}/login`, { headers: { origin: "http://evil.example" } })).status).toBe(200);
    });
  });
});

describe("database outages", () => {
  const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  const request = (headers: Record<string, string> = {}) => new Request("http://localhost/orders", { headers });

  it("a loader that meets an unreachable database throws a 503 with Retry-After and the person's language", async () => {
    const loader = guardHandler(async (_args: { request: Request }) => {
      throw refused();
    });
    const thrown = await loader({ request: request({ "accept-language": "en-GB" }) }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ code: "UNAVAILABLE", locale: "en" });
  });

  it("other errors and responses pass unchanged", async () => {
    const boom = new Error("boom");
    await expect(guardHandler(async (_args: { request: Request }) => Promise.reject(boom))({ request: request() })).rejects.toBe(boom);
    const notFound = new Response(null, { status: 404 });
    await expect(guardHandler(async (_args: { request: Request }) => Promise.reject(notFound))({ request: request() })).rejects.toBe(notFound);
    await expect(guardHandler(async (_args: { request: Request }) => "data")({ request: request() })).resolves.toBe("data");
  });

  it("the build's loaders and actions are all guarded", async () => {
    const fail = async () => {
      throw refused();
    };
    const build = { routes: { root: { id: "root", path: "", module: { loader: fail, action: fail, default: () => null } } } } as unknown as ServerBuild;
    const guarded = withDatabaseOutagePages(build);
    const mod = guarded.routes.root.module as unknown as Record<string, (args: { request: Request }) => Promise<unknown>>;
    for (const name of ["loader", "action"]) {
      const thrown = await mod[name]({ request: request() }).catch((e: unknown) => e);
      expect((thrown as Response).status, name).toBe(503);
    }
    expect(build.routes.root.module.loader).toBe(fail);
  });

  it("readiness: ready, a migration missing, the database unreachable", async () => {
    const db = (rows: string[] | Error) => ({
      sql: {
        exec: async () => undefined,
        query: async <T>(text: string) => {
          if (rows instanceof Error) throw rows;
          return (text.includes("_prisma_migrations") ? rows.map((migration_name) => ({ migration_name })) : [{ ok: 1 }]) as T[];
        },
      },
    });
    expect(await readiness(db(["a", "b"]), ["a", "b"])).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok" } });
    expect(await readiness(db(["a"]), ["a", "b"])).toEqual({
      status: "unavailable",
      checks: { database: "ok", migrations: "pending" },
      pendingMigrations: ["b"],
    });
    expect(await readiness(db(refused()), ["a"])).toEqual({ status: "unavailable", checks: { database: "unreachable", migrations: "unknown" } });
  });
});
