import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/infra/remix.server";
import { canAtAll } from "~/domain/identity/actor";
import { listOrders } from "~/domain/marketplace/orders.server";
import { formatDateTime, formatMoney } from "~/lib/format";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, user, actor } = await requireUser(request, context);
  const recent = canAtAll(actor, "read", "order") ? await listOrders(ctx, {}, { take: 5 }) : null;
  return json({
    user: { name: user.name, roles: user.roles },
    recentOrders: recent?.orders.map((o) => ({
      id: o.id,
      number: o.number,
      placedAt: o.placedAt.toISOString(),
      total: o.itemsAmount + o.shippingAmount,
      seller: o.seller.name,
      buyer: o.buyerName,
      status: o.status,
    })),
  });
}

export default function Home() {
  const { t, i18n } = useTranslation();
  const { user, recentOrders } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t("home.greeting", { name: user.name })}</h1>
      </header>
      {user.roles.map((role) => (
        <p key={role} className="lead" data-testid={`home-${role}`}>
          <span className="badge">{t(`roles.${role}`)}</span> {t(`home.${role}`)}
        </p>
      ))}
      {recentOrders ? (
        <section className="panel">
          <h2>{t("home.recentOrders")}</h2>
          {recentOrders.length === 0 ? (
            <p className="empty">{t("common.empty")}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t("orders.number")}</th>
                  <th>{t("orders.placedAt")}</th>
                  <th>{t("orders.seller")}</th>
                  <th className="num">{t("orders.total")}</th>
                  <th>{t("orders.status")}</th>
                </tr>
              </thead>
              <tbody>
                {recentOrders.map((order) => (
                  <tr key={order.id}>
                    <td>
                      <Link to={`/orders/${order.id}`}>{order.number}</Link>
                    </td>
                    <td>{formatDateTime(order.placedAt, i18n.language)}</td>
                    <td>{order.seller}</td>
                    <td className="num">{formatMoney(order.total, "PLN", i18n.language)}</td>
                    <td>
                      <span className={`status status--${order.status.toLowerCase()}`}>{t(`orders.${order.status}`)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </div>
  );
}
