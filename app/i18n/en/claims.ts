// English UI text for buyer-protection claims, program terms and their notifications.
export const claims = {
  nav: { claims: "Claims", claimQueue: "Claims queue", metrics: "Metrics", programTerms: "Program terms" },
  claims: {
    title: "Buyer protection claims",
  },
  notifications: {
    claim: {
      filed: "We received your claim C-{{number}}.",
      filedAgainstYou: "A buyer filed claim C-{{number}} about your sale.",
      documentsRequested: "Please send documents for claim C-{{number}}.",
      approved: "Claim C-{{number}} was approved.",
      rejected: "Claim C-{{number}} was rejected. The decision explains why.",
      paid: "The compensation for claim C-{{number}} has been paid.",
      recovery: "We paid claim C-{{number}} and will recover the amount from your account.",
    },
  },
};
