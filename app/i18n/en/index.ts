import { core } from "./core";

// Each area keeps its UI text in its own file; they merge into one dictionary per language.
export const en = { ...core };
export type Translations = typeof en;
