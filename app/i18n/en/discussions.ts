// English UI text for discussions (buyer–seller problem resolution) and their notifications.
export const discussions = {
  nav: { discussions: "Discussions", discussionQueue: "Discussion queue" },
  discussions: {
    title: "Discussions",
  },
  notifications: {
    discussion: {
      opened: "A buyer opened discussion D-{{number}} about your order. Please answer within 24 hours.",
      sellerReplied: "The seller answered in discussion D-{{number}}.",
      buyerMessage: "The buyer wrote in discussion D-{{number}}.",
      agentMessage: "The platform wrote in discussion D-{{number}}.",
      informationRequested: "The platform asks for information in discussion D-{{number}}.",
      solutionProposed: "A solution was proposed in discussion D-{{number}}.",
      proposalAccepted: "The buyer accepted your proposal in discussion D-{{number}}.",
      proposalRejected: "The buyer declined your proposal in discussion D-{{number}}.",
      escalated: "The buyer asked the platform for help in discussion D-{{number}}.",
      closedByBuyer: "The buyer closed discussion D-{{number}} as resolved.",
      closedByAgent: "The platform closed discussion D-{{number}} with a decision.",
      referredToClaim: "Discussion D-{{number}} was sent on to a buyer-protection claim.",
      sellerOverdue: "The seller did not answer discussion D-{{number}} within 24 hours. You can now ask us for help.",
    },
  },
};
