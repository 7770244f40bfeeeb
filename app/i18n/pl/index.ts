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
import type { Translations } from "../en";
import type { SameKeys } from "../types";

export const pl: SameKeys<Translations> = mergeDictionaries(core, cases, discussions, claims, rights, privacy, clauseRegistry, shop, questions, consentViews);
