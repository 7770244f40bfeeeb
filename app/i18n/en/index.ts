import { core } from "./core";
import { cases } from "./cases";
import { discussions } from "./discussions";
import { claims } from "./claims";
import { rights } from "./rights";
import { privacy } from "./privacy";
import { clauseRegistry } from "./clause-registry";
import { shop } from "./shop";
import { questions } from "./questions";
import { consentViews } from "./consent-views";
import { mergeDictionaries } from "../merge";

// Each area keeps its UI text in its own file; they merge (deeply) into one dictionary per language.
export const en = mergeDictionaries<typeof core & typeof cases & typeof discussions & typeof claims & typeof rights & typeof privacy & typeof clauseRegistry & typeof shop & typeof questions & typeof consentViews>(
  core,
  cases,
  discussions,
  claims,
  rights,
  privacy,
  clauseRegistry,
  shop,
  questions,
  consentViews,
);
export type Translations = typeof en;
