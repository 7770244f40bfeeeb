type Plain = Record<string, unknown>;

/** Deep-merges area dictionaries, so each area can add keys under shared sections such as `notifications`. */
export function mergeDictionaries<T extends Plain>(...parts: Plain[]): T {
  const out: Plain = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      const existing = out[key];
      out[key] =
        existing && typeof existing === "object" && value && typeof value === "object"
          ? mergeDictionaries(existing as Plain, value as Plain)
          : value;
    }
  }
  return out as T;
}
