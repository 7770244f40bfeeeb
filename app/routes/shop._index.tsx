import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { optionalUser } from "~/infra/remix.server";
import { listShopOffers } from "~/domain/storefront/catalogue.server";
import { lastPageUrl, readPage } from "~/components/helpers";
import { EmptyState, Money, PageHeader, Pagination } from "~/components/ui";
import { ShopPage, shopTitle } from "~/components/shop/shop-ui";

const PAGE_SIZE = 24;

export const meta: MetaFunction = ({ matches }) => shopTitle(matches, "shop.list.metaTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await optionalUser(request, context);
  const url = new URL(request.url);
  const { page, skip, take } = readPage(url.searchParams, PAGE_SIZE);
  const { total, offers } = await listShopOffers(ctx, { skip, take });
  const last = lastPageUrl(url, total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    page,
    pageSize: PAGE_SIZE,
    total,
    offers: offers.map((o) => ({ id: o.id, title: o.title, brand: o.brand, priceAmount: o.priceAmount, currency: o.currency, seller: o.seller.name })),
  });
}

export default function ShopOffers() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <ShopPage data-testid="shop-offers">
      <PageHeader title={t("shop.list.title")} subtitle={t("shop.list.lead")} />
      {data.offers.length ? (
        <>
          <ul className="shop-grid" data-testid="shop-offer-list">
            {data.offers.map((offer) => (
              <li key={offer.id} className="shop-tile">
                <Link to={`/shop/offers/${offer.id}`} className="shop-tile__link">
                  {offer.brand ? <span className="shop-tile__brand">{offer.brand}</span> : null}
                  <span className="shop-tile__title">{offer.title}</span>
                </Link>
                <Money amount={offer.priceAmount} currency={offer.currency} className="shop-tile__price" />
                <span className="shop-tile__seller">{t("shop.list.seller", { name: offer.seller })}</span>
              </li>
            ))}
          </ul>
          <Pagination total={data.total} page={data.page} pageSize={data.pageSize} />
        </>
      ) : (
        <EmptyState icon="bag" title={t("shop.list.empty")} body={t("shop.list.emptyBody")} />
      )}
    </ShopPage>
  );
}
