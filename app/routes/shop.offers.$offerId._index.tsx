import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, optionalUser } from "~/infra/remix.server";
import { getShopOffer } from "~/domain/storefront/catalogue.server";
import { Alert, Icon, Money, PageHeader } from "~/components/ui";
import { ShopPage, shopTitle } from "~/components/shop/shop-ui";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => shopTitle(matches, "shop.card.metaTitle", { title: data?.offer.title ?? "" });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await optionalUser(request, context);
  const offer = await loadOr404(() => getShopOffer(ctx, params.offerId ?? ""));
  return json({
    offer: {
      id: offer.id,
      title: offer.title,
      brand: offer.brand,
      description: offer.description,
      priceAmount: offer.priceAmount,
      currency: offer.currency,
      seller: offer.seller.name,
      status: offer.status,
      orderable: offer.orderable,
    },
  });
}

export default function ProductCard() {
  const { t } = useTranslation();
  const { offer } = useLoaderData<typeof loader>();
  const base = `/shop/offers/${offer.id}`;
  return (
    <ShopPage data-testid="product-card">
      <PageHeader breadcrumbs={[{ to: "/shop", label: t("shop.list.title") }]} title={offer.title} subtitle={offer.brand ?? undefined} />
      <div className="product">
        <section className="panel product__details" aria-label={t("shop.card.description")}>
          <div className="panel__body stack">
            <dl className="product__facts">
              {offer.brand ? (
                <div>
                  <dt>{t("shop.card.brand")}</dt>
                  <dd>{offer.brand}</dd>
                </div>
              ) : null}
              <div>
                <dt>{t("shop.card.seller")}</dt>
                <dd>{offer.seller}</dd>
              </div>
            </dl>
            <div>
              <h2 className="subsection-title">{t("shop.card.description")}</h2>
              {offer.description ? (
                <p className="product__description">{offer.description}</p>
              ) : (
                <p className="muted">{t("shop.card.noDescription")}</p>
              )}
            </div>
          </div>
        </section>
        <aside className="panel product__buy" aria-label={t("shop.card.actions")}>
          <div className="panel__body stack">
            <p className="product__price">
              <span className="visually-hidden">{t("shop.card.price")}: </span>
              <Money amount={offer.priceAmount} currency={offer.currency} />
            </p>
            {offer.orderable ? (
              <Link to={`${base}/order`} className="button button--primary button--lg button--block" data-testid="order-button">
                <Icon name="bag" />
                {t("shop.card.order")}
              </Link>
            ) : (
              <Alert tone="info" title={t("shop.card.ended")}>
                {t("shop.card.endedBody")}
              </Alert>
            )}
            <div className="product__more stack stack--sm">
              <Link to={`${base}/ask`} className="button button--secondary button--block" data-testid="ask-button">
                <Icon name="message" />
                {t("shop.card.ask")}
              </Link>
              {offer.orderable ? (
                <Link to={`${base}/alert?kind=PRICE_CHANGE`} className="button button--secondary button--block" data-testid="price-alert-button">
                  <Icon name="bell" />
                  {t("shop.card.priceAlert")}
                </Link>
              ) : (
                <Link to={`${base}/alert?kind=AVAILABILITY`} className="button button--secondary button--block" data-testid="availability-alert-button">
                  <Icon name="bell" />
                  {t("shop.card.availabilityAlert")}
                </Link>
              )}
            </div>
          </div>
        </aside>
      </div>
    </ShopPage>
  );
}
