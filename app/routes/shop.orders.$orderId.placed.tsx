import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, optionalUser } from "~/infra/remix.server";
import { placedOrderSummary } from "~/domain/storefront/checkout.server";
import { Alert, Icon, Money, Panel } from "~/components/ui";
import { ShopPage, shopTitle } from "~/components/shop/shop-ui";

export const meta: MetaFunction = ({ matches }) => shopTitle(matches, "shop.placed.metaTitle");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, user } = await optionalUser(request, context);
  const order = await loadOr404(() => placedOrderSummary(ctx, params.orderId ?? ""));
  return json({
    order: {
      number: order.number,
      paymentMethod: order.paymentMethod,
      currency: order.currency,
      total: order.itemsAmount + order.shippingAmount,
      lines: order.lines.map((line) => ({ title: line.title, quantity: line.quantity })),
    },
    // The buyer's own order list has it when the order is on their account.
    mine: !!user && order.buyerId === user.id,
  });
}

export default function OrderPlaced() {
  const { t } = useTranslation();
  const { order, mine } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <ShopPage narrow data-testid="order-placed">
      <Panel>
        <div className="shop-done">
          <span className="shop-done__icon" aria-hidden="true">
            <Icon name="checkCircle" className="icon icon--lg" />
          </span>
          <h1>{t("shop.placed.title")}</h1>
          <p className="lead" data-testid="order-number">
            {t("shop.placed.lead", { number: order.number })}
          </p>
          {params.get("account") && mine ? <Alert tone="success">{t("shop.placed.accountCreated")}</Alert> : null}
          <dl className="checkout__sums shop-done__sums">
            {order.lines.map((line, index) => (
              <div key={index}>
                <dt>{line.title}</dt>
                <dd>× {line.quantity}</dd>
              </div>
            ))}
            <div>
              <dt>{t("shop.placed.paymentMethod")}</dt>
              <dd>{t(`shop.checkout.paymentMethods.${order.paymentMethod}`)}</dd>
            </div>
            <div className="checkout__total">
              <dt>{t("shop.placed.total")}</dt>
              <dd>
                <Money amount={order.total} currency={order.currency} />
              </dd>
            </div>
          </dl>
          <div className="shop-done__actions">
            {mine ? (
              <Link to="/orders" className="button button--secondary">
                {t("shop.placed.myOrders")}
              </Link>
            ) : null}
            <Link to="/shop" className="button button--primary">
              {t("shop.placed.continue")}
            </Link>
          </div>
        </div>
      </Panel>
    </ShopPage>
  );
}
