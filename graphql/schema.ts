// Collects every type file; the order only matters for readability of the printed schema.
import { builder } from "./builder";
import "./types/scalars";
import "./types/errors";
import "./types/user";
import "./types/viewer";
import "./types/offer";
import "./types/order";
import "./types/notification";
import "./types/audit";
import "./types/admin";
import "./types/api-token";
import "./types/discussion";
import "./types/claim";
import "./types/rights-holder";
import "./types/ip-item";
import "./types/ip-notice";
import "./types/rights-transparency";
import "./types/clause";
import "./types/consent";

export const schema = builder.toSchema({ sortSchema: false });
