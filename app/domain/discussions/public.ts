// What other contexts may use of discussions. Everything else in this folder is the context's own; the
// import-boundary check (.dependency-cruiser.cjs) refuses imports that bypass this module.
export { sellerResponseRecord, type SellerResponseRecord } from "./queries.server";
