// UI text: clause-registry (the consent registry issue). The other language's file has the same keys.
export const clauseRegistry = {};
