import { z } from "zod";

// Some routes share the domain's zod schemas (the reason lists of the queues' filters) with the browser.
// zod compiles object parsers with `new Function` and probes for it when a schema is built; the pages'
// Content-Security-Policy allows no eval, so in the browser that probe would be reported as a CSP
// violation. Built without JIT there, the schemas parse the same way and never try. Imported first by
// app/root.tsx, so it runs before any route module builds a schema.
if (typeof document !== "undefined") z.config({ jitless: true });
