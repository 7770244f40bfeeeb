import { core } from "./core";
import type { Translations } from "../en";
import type { SameKeys } from "../types";

export const pl: SameKeys<Translations> = { ...core };
