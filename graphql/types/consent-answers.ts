import { builder } from "../builder";

// What a person answered to a form's clauses, for the mutations that carry a form (opening a discussion,
// filing a claim or an IP notice). Query `formClauses(form:)` first: send every versionId it returned as
// `shown`, and those the person ticked as `accepted`.

export const ConsentAnswersInput = builder.inputType("ConsentAnswersInput", {
  description: "The clauses a form showed and the consents the person gave on it.",
  fields: (t) => ({
    shown: t.idList({ required: true, description: "Every clause version the form showed (versionId from formClauses)." }),
    accepted: t.idList({ required: true, description: "The clause versions the person ticked (mandatory consents must be among them)." }),
  }),
});

/** The input as the domain reads it. */
export const consentAnswers = (input: { shown: readonly (string | number)[]; accepted: readonly (string | number)[] } | null | undefined) =>
  input ? { shown: input.shown.map(String), accepted: input.accepted.map(String) } : undefined;
