import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert, Badge, DateTime, PageHeader } from "~/components/ui";
import { ClaimStatusBadge, claimRef } from "~/components/claims/claim-status";
import { ClaimDeadline } from "~/components/claims/claim-deadline";
import { ClaimFormError } from "~/components/claims/claim-error";
import claimsStyles from "~/components/claims/claims.css";
import { claimPageLoader } from "./loader.server";
import { claimPageAction } from "./action.server";
import { useAnyFailure, useClaimPage } from "./data";
import { AgentView } from "./agent-view";
import { PartyView } from "./party-view";

export const links = () => [{ rel: "stylesheet", href: claimsStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? claimRef(data.claim.number) : "Claim"} · Trust & Safety` }];

export function loader(args: LoaderFunctionArgs) {
  return claimPageLoader(args);
}

export function action(args: ActionFunctionArgs) {
  return claimPageAction(args);
}

/** One claim: agents decide it, the buyer and the seller follow it. */
export default function ClaimPage() {
  const { t } = useTranslation();
  const data = useClaimPage();
  const { claim, role } = data;
  const [params] = useSearchParams();
  const done = params.get("done");
  const open = ["SUBMITTED", "AWAITING_DOCUMENTS", "AWAITING_SECOND_APPROVAL"].includes(claim.status);
  const unknownFailure = useAnyFailure();
  return (
    <div className="page" data-testid="claim-page" data-status={claim.status}>
      <PageHeader
        breadcrumbs={[role === "AGENT" ? { to: "/queue/claims", label: t("nav.claimQueue") } : { to: "/claims", label: t("claims.title") }]}
        title={t("claims.detail.title", { ref: claimRef(claim.number) })}
        subtitle={t(`claims.reasons.${claim.reason}`)}
        meta={
          <>
            <ClaimStatusBadge status={claim.status} />
            {open && !claim.pausedAt ? (
              <span className="cluster cluster--tight">
                {t("claims.detail.decisionBy")} <DateTime value={claim.decisionDueAt} />{" "}
                <ClaimDeadline dueAt={claim.decisionDueAt} now={data.now} paused={!!claim.pausedAt} data-testid="claim-deadline" />
              </span>
            ) : null}
            {open && claim.pausedAt ? <ClaimDeadline dueAt={claim.decisionDueAt} now={data.now} paused data-testid="claim-deadline" /> : null}
            {claim.smart ? <Badge tone="accent">SMART</Badge> : null}
          </>
        }
      />
      {done ? <Alert tone="success">{t(`claims.done.${done}`, { defaultValue: t("claims.done.generic") })}</Alert> : null}
      {params.get("filed") ? (
        <Alert tone="success" title={t("claims.detail.filedTitle")} data-testid="claim-filed">
          {t("claims.detail.filedBody")}
        </Alert>
      ) : null}
      {unknownFailure && !unknownFailure.ok && !unknownFailure.intent ? <ClaimFormError failure={unknownFailure} /> : null}
      {role === "AGENT" && data.agent ? <AgentView /> : <PartyView />}
    </div>
  );
}
