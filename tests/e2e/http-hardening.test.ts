import type { Browser, Page } from "playwright-core";
import pg from "pg";
import { openDatabase } from "~/infra/db.server";
import { migrate } from "~/infra/migrate.server";
import { systemClock } from "~/infra/clock";
import { seedDemoData } from "../../prisma/seed/demo";
import { startPostgresCluster, type PostgresCluster } from "../support/postgres-cluster";
import { DEMO_PASSWORD, launchBrowser, newPage, screenshot, signIn, startApp, type RunningApp } from "./support/server";

// The HTTP side of the real server (`tsx server.ts`): security headers and the page CSP (checked in a
// real browser: pages hydrate with no CSP violation, GraphiQL included), the redirect after sign-in,
// 4xx for hostile input that Remix itself would answer 500, the health probes, and the 503 page while
// PostgreSQL is down.

const BUYER = "kupujacy@demo.pl";
const AGENT = "agent@demo.pl";
const ID = "00000000-0000-4000-8000-000000000001";

/** Signs in with the password form (a customer: no second factor) and returns the session cookie. */
async function signInCookie(app: RunningApp, email: string, redirectTo = "/"): Promise<{ cookie: string; location: string | null }> {
  const response = await fetch(`${app.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo }),
  });
  await response.arrayBuffer();
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
  expect(response.status, `sign-in of ${email}`).toBe(302);
  return { cookie, location: response.headers.get("location") };
}

const get = (app: RunningApp, path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { redirect: "manual", headers });

describe("on the embedded database", () => {
  let app: RunningApp;
  let browser: Browser;
  let buyerCookie: string;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    buyerCookie = (await signInCookie(app, BUYER)).cookie;
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.stop();
  });

  it("probes: /healthz is alive, /readyz ready with its checks", async () => {
    const health = await get(app, "/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "alive" });
    const ready = await get(app, "/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok" } });
  });

  it("pages carry a CSP whose nonce is on every inline script, and the other security headers", async () => {
    const response = await get(app, "/login");
    const csp = response.headers.get("content-security-policy") ?? "";
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    for (const directive of [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const inline = [...html.matchAll(/<script(\s[^>]*)?>/g)].filter((m) => !/\ssrc=/.test(m[1] ?? ""));
    expect(inline.length).toBeGreaterThan(0);
    for (const tag of inline) expect(tag[0]).toContain(`nonce="${nonce}"`);
    // A new nonce for every response.
    const again = (await get(app, "/login")).headers.get("content-security-policy");
    expect(again).not.toContain(nonce!);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    // Plain HTTP without SECURE_COOKIES: no HSTS (it would pin a host that does not speak HTTPS).
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("sign-in never redirects off the site, and keeps a same-site target", async () => {
    for (const target of ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/ /evil.example", "javascript:alert(1)"]) {
      const { location } = await signInCookie(app, BUYER, target);
      expect(new URL(location!, app.url).origin, target).toBe(app.url);
      expect(location).toMatch(/^\/(?![\/\\])/);
    }
    expect((await signInCookie(app, BUYER, "/orders?page=1#x")).location).toBe("/orders?page=1#x");
  });

  it("Remix's cross-origin refusal is a 403, not a 500", async () => {
    for (const origin of ["http://evil.example", "null", "not a url"]) {
      for (const path of ["/login", "/inbox", "/logout", "/set-locale"]) {
        const response = await fetch(`${app.url}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { origin, "content-type": "application/x-www-form-urlencoded", cookie: buyerCookie },
          body: "email=a%40b.pl&password=x",
        });
        expect(response.status, `${origin} → ${path}`).toBe(403);
      }
    }
    // The same post from the app's own origin is an ordinary answer (a refused sign-in: 4xx).
    const own = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { origin: app.url, "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.pl&password=x",
    });
    expect(own.status).toBeGreaterThanOrEqual(400);
    expect(own.status).toBeLessThan(500);
  });

  it("hostile input on routes: a JSON body, a token that is not valid, a NUL in a search", async () => {
    const json = await fetch(`${app.url}/login`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBe(415);
    const data = await fetch(`${app.url}/inbox.data`, { method: "POST", headers: { "content-type": "text/plain", cookie: buyerCookie }, body: "x" });
    expect(data.status).toBe(415);
    for (const path of [`/attachments/${ID}`, `/claims/documents/${ID}`]) {
      const response = await get(app, path, { authorization: "Bearer tsb_nonsense" });
      expect(response.status, path).toBe(401);
    }
    const search = await get(app, "/orders?q=a%00", { cookie: buyerCookie });
    expect(search.status).toBe(200);
  });

  it("pages hydrate with no CSP violation for a buyer and an agent; GraphiQL loads too", async () => {
    const violations: string[] = [];
    const watch = (page: Page) => {
      page.on("console", (message) => {
        if (/content[- ]security[- ]policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text().slice(0, 300)}`);
      });
      return page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          console.error(`Content-Security-Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
    };
    const visit = async (page: Page, path: string) => {
      await page.goto(path, { waitUntil: "networkidle" });
      // Hydrated: Remix's client router has taken over the page.
      await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter), null, { timeout: 30_000 });
    };

    const buyer = await newPage(browser, app, "desktop");
    await watch(buyer);
    await signIn(buyer, BUYER, { role: "customer" });
    for (const path of ["/", "/orders", "/discussions", "/claims", "/inbox"]) await visit(buyer, path);
    // A client-side navigation (single fetch data request) after hydration, then a page with a form.
    await buyer.getByRole("link", { name: /zamówienia/i }).first().click();
    await buyer.waitForURL(/\/orders/);
    await screenshot(buyer, "http-hardening-buyer-orders");
    await buyer.context().close();

    const agent = await newPage(browser, app, "desktop");
    await watch(agent);
    await signIn(agent, AGENT, { role: "staff" });
    for (const path of ["/", "/queue/discussions", "/queue/claims", "/metrics", "/orders", "/offers"]) await visit(agent, path);
    await screenshot(agent, "http-hardening-agent-metrics");
    // GraphiQL, signed in: its own policy lets its editor start.
    const response = await agent.goto("/graphql", { waitUntil: "networkidle" });
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await agent.locator(".graphiql-container").first().waitFor({ state: "visible", timeout: 30_000 });
    await agent.getByText("viewer", { exact: false }).first().waitFor({ state: "visible", timeout: 30_000 });
    // Running the default query answers from the API (its fetch is allowed by connect-src 'self').
    // (The answer is read from the network: the response pane draws only the lines in view, and an agent's
    // list of permissions pushes the orders below them.)
    const answered = agent.waitForResponse((r) => r.url().endsWith("/graphql") && r.request().method() === "POST" && (r.request().postData() ?? "").includes("orders"));
    await agent.locator(".graphiql-execute-button").first().click();
    const answer = await (await answered).json();
    expect(answer.errors).toBeUndefined();
    expect(answer.data.orders.total.formatted).toMatch(/\d/);
    await agent.locator(".graphiql-response").getByText("viewer").first().waitFor({ state: "visible", timeout: 30_000 });
    await screenshot(agent, "http-hardening-graphiql");
    await agent.context().close();

    expect(violations).toEqual([]);
  });
});

describe("on PostgreSQL that goes away", () => {
  let cluster: PostgresCluster;
  let app: RunningApp;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const database = await openDatabase({ url: cluster.url });
    try {
      await database.session((sql) => migrate(sql));
      await seedDemoData(database, systemClock);
    } finally {
      await database.close();
    }
    app = await startApp({ env: { DATABASE_URL: cluster.url, RUN_WORKERS: "false" } });
  });
  afterAll(async () => {
    await app?.stop();
    cluster?.stop();
  });

  it("/readyz names a missing migration, then the unreachable database; pages answer 503 with the friendly page", async () => {
    const cookie = (await signInCookie(app, BUYER)).cookie;
    expect((await get(app, "/readyz")).status).toBe(200);
    expect((await get(app, "/orders", { cookie })).status).toBe(200);

    // A migration the database does not have.
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows } = await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations") RETURNING migration_name`);
    await client.end();
    const missing = await get(app, "/readyz");
    expect(missing.status).toBe(503);
    expect(await missing.json()).toEqual({
      status: "unavailable",
      checks: { database: "ok", migrations: "pending" },
      pendingMigrations: [rows[0].migration_name],
    });

    // PostgreSQL stops.
    cluster.stop();
    const down = await get(app, "/readyz");
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "unavailable", checks: { database: "unreachable" } });
    expect((await get(app, "/healthz")).status).toBe(200);

    for (const [path, locale, text] of [
      ["/orders", "pl", "Chwilowo niedostępne"],
      ["/", "en", "Temporarily unavailable"],
    ] as const) {
      const page = await get(app, path, { cookie, "accept-language": locale });
      const html = await page.text();
      expect(page.status, `${path}: ${html.slice(0, 300)}`).toBe(503);
      expect(page.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(html).toContain(text);
      expect(page.headers.get("content-security-policy")).toContain("'nonce-");
    }
    // A form post (an action) and a client-side data request meet the same outage.
    const action = await fetch(`${app.url}/inbox`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, origin: app.url, "content-type": "application/x-www-form-urlencoded" },
      body: "intent=markAll",
    });
    expect(action.status).toBe(503);
    const data = await get(app, "/orders.data", { cookie });
    expect(data.status).toBe(503);
    expect(data.headers.get("retry-after")).toMatch(/^\d+$/);

    // What a person sees: the try-again page, in their language, styled.
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser, app, "desktop");
      const [name, value] = cookie.split("=");
      await page.context().addCookies([{ name, value, url: app.url }]);
      const response = await page.goto("/orders");
      expect(response?.status()).toBe(503);
      await page.getByTestId("error-503").waitFor({ state: "visible" });
      await expect(page.getByTestId("try-again").isVisible()).resolves.toBe(true);
      await screenshot(page, "http-hardening-database-down");
    } finally {
      await browser.close();
    }
  });
});
