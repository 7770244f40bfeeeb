// English texts shared by every case type (discussions, claims): errors that mean the same in each.
export const cases = {
  errors: {
    AMOUNT_OUT_OF_RANGE: "The amount must be more than 0 and within the allowed maximum.",
    ATTACHMENT_TOO_LARGE: "“{{file}}” is larger than {{maxMb}} MB.",
    ATTACHMENT_TYPE_NOT_ALLOWED: "“{{file}}” is not a JPEG, PNG, WebP or PDF file.",
    CASE_CLOSED: "This case is closed; nothing more can be changed in it.",
    NOT_THE_ORDERS_BUYER: "Only the buyer of this order can do this.",
    TOO_MANY_ATTACHMENTS: "At most {{max}} files at once.",
  },
};
