import { createContext, useContext } from "react";

// The CSP nonce of the page being rendered on the server (app/entry.server.tsx provides it from the load
// context; server.ts makes a new one per request). In the browser it is undefined: scripts added after
// hydration are modules from our own origin, which the policy allows without a nonce.
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
