import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, failure, loadOr404, requireUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { getItem } from "~/domain/rights/queries.server";
import { appealTakedown, decideItem, reviewAppeal } from "~/domain/rights/items.server";
import { setRightFlags } from "~/domain/rights/holders.server";
import { COUNTER_NOTICE_REASONS, REJECTION_REASONS } from "~/domain/rights/schemas";
import { warsawDate } from "~/domain/rights/statement-of-reasons";
import { agentNames } from "~/domain/claims/ui.queries.server";
import { documentsFrom, readForm } from "~/components/claims/uploads.server";
import { Alert, PageHeader } from "~/components/ui";
import { AppealBadge, ItemStatusBadge, itemRef, noticeRef } from "~/components/rights/rights-ui";
import claimsStyles from "~/components/claims/claims.css";
import rightsStyles from "~/components/rights/rights.css";

import { StaffView, SellerView, ReporterView } from "./item-views";
export const links = () => [
  { rel: "stylesheet", href: claimsStyles },
  { rel: "stylesheet", href: rightsStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? itemRef(data.item.number) : "Item"} · Trust & Safety` }];

interface Evidence {
  title: string;
  description: string;
  photoRefs: string[];
  price: { amount: number; currency: string };
  status: string;
  capturedAt: string;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireUser(request, context);
  const view = await loadOr404(() => getItem(ctx, params.itemId ?? ""));
  const { item, audience, timeline } = view;
  const staff = audience === "STAFF";
  const names = staff
    ? await agentNames(
        ctx,
        timeline.map((e) => e.actorId).filter((id): id is string => !!id)
      )
    : {};
  const now = ctx.clock.now();
  const appealLastDay = item.appealDueAt ? warsawDate(new Date(item.appealDueAt.getTime() - 1)) : null;
  const senior = actor.roles.includes("SENIOR_AGENT") && can(actor, "decideContested", "ipNotice");
  return json({
    audience,
    now: now.toISOString(),
    decidedByMe: view.decidedByMe,
    may: {
      decide: staff && can(actor, "decide", "ipNotice") && (!item.needsSenior || senior),
      decideNeedsSenior: staff && item.needsSenior && !senior,
      review: staff && can(actor, "review", "ipAppeal"),
      flag: staff && can(actor, "verify", "rightsHolder"),
      appeal: audience === "SELLER" && item.status === "TAKEN_DOWN" && !item.appeal && !!item.appealDueAt && item.appealDueAt > now,
    },
    appealLastDay,
    rejectionReasons: [...REJECTION_REASONS],
    counterNoticeReasons: [...COUNTER_NOTICE_REASONS],
    item: {
      id: item.id,
      number: item.number,
      status: item.status,
      version: item.version,
      kind: item.kind,
      explanation: audience === "SELLER" ? null : item.explanation,
      evidenceUrls: audience === "SELLER" ? [] : item.evidenceUrls,
      needsSenior: item.needsSenior,
      priority: item.priority,
      filedAt: item.filedAt.toISOString(),
      decisionDueAt: item.decisionDueAt.toISOString(),
      pausedAt: item.pausedAt?.toISOString() ?? null,
      decidedAt: item.decidedAt?.toISOString() ?? null,
      rejectionReason: item.rejectionReason,
      appealDueAt: item.appealDueAt?.toISOString() ?? null,
      evidence: (item.evidence ?? null) as Evidence | null,
      offer: {
        id: item.offer.id,
        title: item.offer.title,
        description: item.offer.description,
        photoRefs: item.offer.photoRefs,
        priceAmount: item.offer.priceAmount,
        currency: item.offer.currency,
        status: item.offer.status,
        sellerName: staff ? item.offer.seller.name : null,
        sellerId: staff ? item.offer.sellerId : null,
      },
      right: item.right,
      notice: {
        id: item.notice.id,
        number: item.notice.number,
        filedAt: item.notice.filedAt.toISOString(),
        holder: audience === "SELLER" ? null : item.notice.rightsHolder,
      },
      appeal: item.appeal
        ? {
            status: item.appeal.status,
            reason: item.appeal.reason,
            explanation: item.appeal.explanation,
            filedAt: item.appeal.filedAt.toISOString(),
            decidedAt: item.appeal.decidedAt?.toISOString() ?? null,
            documents: item.appeal.documents.map((d) => ({ id: d.id, fileName: d.fileName, purpose: d.purpose, sizeBytes: d.sizeBytes })),
          }
        : null,
      statements: item.statements.map((s) => ({
        id: s.id,
        decision: s.decision,
        body: s.body as Record<string, unknown>,
        createdAt: s.createdAt.toISOString(),
      })),
      documents: item.documents.map((d) => ({ id: d.id, fileName: d.fileName, purpose: d.purpose, sizeBytes: d.sizeBytes })),
    },
    events: timeline.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      type: e.type,
      actorRole: e.actorRole,
      actorName: e.actorId ? names[e.actorId] ?? null : null,
      data: e.data,
      note: e.note,
    })),
  });
}

const INTENTS = ["decide", "review", "appeal", "flags"] as const;
export type Intent = (typeof INTENTS)[number];
export type Failure = ActionFailure & { intent?: Intent };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const itemId = params.itemId ?? "";
  const parsed = await readForm(request);
  if (!parsed.ok) return failure(Object.assign(parsed.failure, { intent: "appeal" as Intent }));
  const form = parsed.form;
  const text = (name: string) => String(form.get(name) ?? "");
  const intent = text("intent") as Intent;
  const run = async (fn: () => Promise<unknown>, done: string) => {
    const result = await runAction(fn);
    return result.ok ? redirect(`/rights/items/${itemId}?done=${done}`) : failure(Object.assign(result, { intent }));
  };
  switch (intent) {
    case "decide": {
      const decision = text("decision");
      const version = Number(text("expectedVersion"));
      const expectedVersion = Number.isInteger(version) && version >= 0 ? version : undefined;
      return run(() => decideItem(ctx, { action: decision, itemId, expectedVersion, reason: text("reason") || undefined, note: text("note") }), decision);
    }
    case "review": {
      const reinstate = text("decision") === "REINSTATE";
      return run(() => reviewAppeal(ctx, { itemId, reinstate, note: text("note") }), reinstate ? "REINSTATE" : "UPHOLD");
    }
    case "appeal": {
      const files = await documentsFrom(form);
      return run(() => appealTakedown(ctx, { itemId, reason: text("reason"), explanation: text("explanation"), files }), "APPEAL");
    }
    case "flags": {
      const document = await documentsFrom(form, "document");
      return run(
        () =>
          setRightFlags(ctx, {
            rightId: text("rightId"),
            contested: form.get("contested") === "on",
            unexamined: form.get("unexamined") === "on",
            note: text("note") || undefined,
            document,
          }),
        "FLAGS"
      );
    }
    default:
      return failure({ ok: false, code: "VALIDATION_FAILED", message: "Unknown action" });
  }
}

export default function ItemPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { item, audience } = data;
  const done = params.get("done");
  const crumbs =
    audience === "STAFF"
      ? [{ to: "/queue/rights", label: t("nav.rightsQueue") }]
      : audience === "SELLER"
      ? [{ to: "/rights/my-offers", label: t("nav.myReportedOffers") }]
      : [{ to: `/rights/notices/${item.notice.id}`, label: noticeRef(item.notice.number) }];
  return (
    <div className="page rights-page" data-testid="item-page" data-status={item.status}>
      <PageHeader
        breadcrumbs={crumbs}
        title={t("rights.item.title", { ref: itemRef(item.number) })}
        subtitle={item.offer.title}
        meta={
          <>
            <ItemStatusBadge status={item.status} />
            {item.appeal ? <AppealBadge status={item.appeal.status} /> : null}
            {audience !== "SELLER" ? <span>{t(`rights.kinds.${item.kind}`)}</span> : null}
          </>
        }
      />
      {done ? (
        <Alert tone="success" data-testid="done">
          {t(`rights.item.done.${done}`, { defaultValue: t("rights.item.done.generic") })}
        </Alert>
      ) : null}
      {audience === "STAFF" ? <StaffView /> : audience === "SELLER" ? <SellerView /> : <ReporterView />}
    </div>
  );
}
