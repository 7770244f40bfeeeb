import { core } from "./core";
import { cases } from "./cases";
import { discussions } from "./discussions";
import { claims } from "./claims";
import { rights } from "./rights";
import { privacy } from "./privacy";
import { mergeDictionaries } from "../merge";

// Each area keeps its UI text in its own file; they merge (deeply) into one dictionary per language.
export const en = mergeDictionaries<typeof core & typeof cases & typeof discussions & typeof claims & typeof rights & typeof privacy>(core, cases, discussions, claims, rights, privacy);
export type Translations = typeof en;
