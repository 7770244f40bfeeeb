import http from "node:http";
import os from "node:os";
import { startApp, type RunningApp } from "./support/server";

// The reported denial of service, over HTTP against the real server: ten anonymous 609 KB documents of
// 20,000 aliases sent at once used to hold the event loop for ~45 s each. Now each is refused at once and
// the rest of the app (here: the sign-in page) keeps answering while they arrive.

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const HOSTILE = JSON.stringify({
  query: `query { ${Array.from({ length: 20_000 }, (_, i) => `a${i}: viewer { user { name } }`).join(" ")} }`,
});

interface Timed {
  status: number;
  code?: string;
  ms: number;
}

/**
 * One request's own time: from the moment the whole request (headers and body) has been handed to the
 * socket until its whole answer is read — the server's time to answer, not the time this test process
 * needs to push 609 KB out ten times over. An answer that arrives before the upload ends counts as 0.
 * Plain node:http with one fresh connection each, so no client-side pool queues requests.
 */
function timed(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const headers = { ...init.headers, ...(body ? { "content-length": String(body.length) } : {}) };
    let sent: number | null = null;
    const request = http.request(url, { method: init.method ?? "GET", headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const ms = sent === null ? 0 : Math.max(0, performance.now() - sent);
        let code: string | undefined;
        try {
          code = JSON.parse(Buffer.concat(chunks).toString("utf8")).errors?.[0]?.extensions?.code;
        } catch {
          /* an HTML page */
        }
        resolve({ status: response.statusCode ?? 0, code, ms });
      });
    });
    request.on("error", reject);
    request.on("finish", () => {
      sent = performance.now();
    });
    request.end(body);
  });
}

const hostile = () =>
  timed(`${app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: HOSTILE });
const login = () => timed(`${app.url}/login`);

/**
 * The limits (50 ms per refusal, 200 ms per sign-in page) hold on a machine with a core to spare. When more
 * processes want to run than there are cores (the 1-minute load average over the core count), wall-clock
 * times include waiting for a core, so the limits scale by that factor; before the fix one refusal took
 * ~45 s, far above any of them.
 */
const busy = Math.max(1, os.loadavg()[0] / os.cpus().length);

test("ten concurrent 609 KB alias documents are refused at once, and the app keeps answering", async () => {
  expect(HOSTILE.length).toBeGreaterThan(600_000);
  // Warm-up: the first render of each route compiles and caches code.
  for (let i = 0; i < 3; i++) {
    await login();
    await hostile();
  }

  const logins: Timed[] = [];
  const [attacks] = await Promise.all([
    Promise.all(Array.from({ length: 10 }, hostile)),
    (async () => {
      for (let i = 0; i < 10; i++) logins.push(await login());
    })(),
  ]);

  const slowest = (list: Timed[]) => Math.max(...list.map((t) => t.ms)).toFixed(1);
  console.log(
    `alias attack: 10 × ${(HOSTILE.length / 1024).toFixed(0)} KB refused (${[...new Set(attacks.map((a) => `${a.status} ${a.code}`))].join(", ")}), ` +
      `slowest refusal ${slowest(attacks)} ms; GET /login meanwhile: slowest ${slowest(logins)} ms (load factor ${busy.toFixed(2)})`,
  );
  for (const attack of attacks) {
    expect(attack.status).toBeGreaterThanOrEqual(400);
    expect(attack.status).toBeLessThan(500);
    expect(["REQUEST_TOO_LARGE", "VALIDATION_FAILED"]).toContain(attack.code);
    expect(attack.ms, JSON.stringify(attacks)).toBeLessThan(50 * busy);
  }
  for (const page of logins) {
    expect(page.status).toBe(200);
    expect(page.ms, JSON.stringify(logins)).toBeLessThan(200 * busy);
  }
  // The server is still healthy afterwards.
  const viewer = await timed(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: "{ viewer { roles } }" }),
  });
  expect(viewer.status).toBe(200);
});

test("a hostile document under the body limit is refused by the document limits, quickly", async () => {
  const compact = JSON.stringify({ query: `{ ${"a: viewer ".repeat(20_000)}}` });
  const send = () =>
    timed(`${app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: compact });
  await send();
  const answers = await Promise.all(Array.from({ length: 10 }, send));
  console.log(`compact alias documents: 10 × ${(compact.length / 1024).toFixed(0)} KB refused, slowest ${Math.max(...answers.map((a) => a.ms)).toFixed(1)} ms`);
  for (const answer of answers) {
    expect(answer.status).toBe(400);
    expect(answer.code).toBe("VALIDATION_FAILED");
  }
  const page = await login();
  expect(page.status).toBe(200);
});
