import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/infra/remix.server";
import {
  Alert,
  Badge,
  Checkbox,
  ConfirmButton,
  Countdown,
  DataTable,
  DateTime,
  DescriptionList,
  EmptyState,
  Field,
  Icon,
  Money,
  PageHeader,
  Pagination,
  Panel,
  SelectField,
  StatTile,
  StatusBadge,
  Timeline,
  type Column,
} from "~/components/ui";

// The design system's reference page for the people building the product: every component with
// sample data, in the live stylesheet. Not linked from the navigation; any signed-in person may open it.

export const meta: MetaFunction = () => [{ title: "UI reference · Trust & Safety" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const now = ctx.clock.now().getTime();
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  return json({ now: at(0), at: { ok: at(26 * 60), soon: at(135), overdue: at(-125), m1: at(-3000), m2: at(-2900), m3: at(-1500), m4: at(-60) } });
}

type Row = { id: string; name: string; amount: number; status: string };

export default function DesignReference() {
  const { t } = useTranslation();
  const { now, at } = useLoaderData<typeof loader>();
  const rows: Row[] = [
    { id: "1", name: "Słuchawki WH-1000XM5", amount: 129_999, status: "PAID" },
    { id: "2", name: "Ekspres do kawy", amount: 249_900, status: "DELIVERED" },
    { id: "3", name: "Rower górski", amount: 389_000, status: "CANCELLED" },
  ];
  const columns: Column<Row>[] = [
    { key: "name", header: "Item", primary: true, cell: (r) => r.name },
    { key: "amount", header: "Amount", numeric: true, cell: (r) => <Money amount={r.amount} /> },
    { key: "status", header: "Status", badge: true, cell: (r) => <StatusBadge status={r.status} ns="orders" /> },
  ];
  return (
    <div className="page" data-testid="design-reference">
      <PageHeader
        breadcrumbs={[{ to: "/", label: t("nav.home") }]}
        title="UI reference"
        subtitle="Components of app/components with sample data."
        meta={<Countdown dueAt={at.soon} now={now} />}
        actions={
          <>
            <button type="button" className="button button--secondary">
              Secondary
            </button>
            <button type="button" className="button button--primary">
              <Icon name="plus" /> Primary
            </button>
          </>
        }
      />
      <div className="grid grid--tiles">
        <StatTile icon="message" label="Open discussions" value="128" hint="12 overdue" tone="warning" to="/design" />
        <StatTile icon="shield" label="Claims to decide" value="37" tone="info" />
        <StatTile icon="checkCircle" label="Solved without us" value="76%" tone="success" />
        <StatTile pending icon="flag" label="Rights reports" value="—" hint={t("home.queues.rightsHint")} />
      </div>
      <div className="grid grid--2">
        <Panel title="Buttons">
          <div className="stack">
            <div className="cluster">
              <button type="button" className="button button--primary">Primary</button>
              <button type="button" className="button button--secondary">Secondary</button>
              <button type="button" className="button button--ghost">Ghost</button>
              <button type="button" className="button button--danger">Danger</button>
              <button type="button" className="button button--link">Link</button>
            </div>
            <div className="cluster">
              <button type="button" className="button button--primary button--lg">Large</button>
              <button type="button" className="button button--primary button--sm">Small</button>
              <button type="button" className="button button--secondary button--xs">Extra small</button>
              <button type="button" className="button button--primary" disabled>
                Disabled
              </button>
            </div>
            <Form onSubmit={(event) => event.preventDefault()}>
              <ConfirmButton message="This cannot be undone." confirmLabel="Yes, delete">
                Delete…
              </ConfirmButton>
            </Form>
          </div>
        </Panel>
        <Panel title="Statuses and deadlines">
          <div className="stack stack--sm">
            <div className="cluster">
              {["PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"].map((s) => (
                <StatusBadge key={s} status={s} ns="orders" />
              ))}
            </div>
            <div className="cluster">
              {["ACTIVE", "ENDED", "HIDDEN"].map((s) => (
                <StatusBadge key={s} status={s} ns="offers" />
              ))}
              <StatusBadge status="DEACTIVATED" ns="admin" />
            </div>
            <div className="cluster">
              {(["neutral", "info", "success", "warning", "danger"] as const).map((tone) => (
                <StatusBadge key={tone} status={`CASE_${tone.toUpperCase()}`} label={tone} tone={tone} />
              ))}
            </div>
            <div className="cluster">
              <Badge>Badge</Badge>
              <Badge tone="info">Info</Badge>
              <Badge tone="accent">SMART</Badge>
              <Badge tone="success">Success</Badge>
              <Badge tone="warning">Warning</Badge>
              <Badge tone="danger">Danger</Badge>
            </div>
            <div className="cluster">
              <Countdown dueAt={at.ok} now={now} />
              <Countdown dueAt={at.soon} now={now} />
              <Countdown dueAt={at.overdue} now={now} />
            </div>
          </div>
        </Panel>
      </div>
      <div className="stack stack--sm">
        <Alert tone="info" title="Information">
          Something the person should know.
        </Alert>
        <Alert tone="success">Saved.</Alert>
        <Alert tone="warning">The seller has not answered yet.</Alert>
        <Alert tone="danger">This action is not possible in the current state.</Alert>
      </div>
      <div className="grid grid--2">
        <Panel title="Form">
          <div className="stack">
            <Field label="Title" name="demo-title" hint="Short and specific." />
            <Field label="E-mail" name="demo-email" errors={["Not a valid e-mail address"]} defaultValue="jan@" />
            <SelectField label="Reason" name="demo-reason" placeholder="Choose…" options={[{ value: "a", label: "Not received" }]} />
            <Checkbox name="demo-check" label="I confirm the information is accurate" hint="Required for reports." />
          </div>
        </Panel>
        <Panel title="Description list">
          <DescriptionList
            items={[
              { term: "Order", value: <span className="mono">2026/11/000129</span> },
              { term: "Placed", value: <DateTime value={now} /> },
              { term: "Total", value: <Money amount={129_999} /> },
              { term: "Carrier", value: null },
            ]}
          />
        </Panel>
      </div>
      <Panel title="Data table" flush footer={<Pagination total={312} page={4} pageSize={25} />}>
        <DataTable caption="Sample" columns={columns} rows={rows} rowKey={(r) => r.id} />
      </Panel>
      <Panel title="Timeline">
        <Timeline
          items={[
            { id: "1", at: at.m1, actor: "Łucja Wiśniewska", kind: "event", title: "opened the discussion", tone: "info" },
            {
              id: "2",
              at: at.m2,
              actor: "Łucja Wiśniewska",
              kind: "message",
              title: "wrote",
              body: "Paczka nie dotarła, a status przesyłki od tygodnia się nie zmienia.",
            },
            { id: "3", at: at.m3, actor: "System", kind: "event", title: "The seller did not answer within 24 hours", tone: "warning" },
            { id: "4", at: at.m4, actor: "Józef Żółć", kind: "event", title: "closed with a refund", tone: "success", body: <Money amount={129_999} /> },
          ]}
        />
      </Panel>
      <Panel title="Empty state" flush>
        <EmptyState icon="search" title="No discussions match" body="Try a different search or fewer filters." action={<button className="button button--secondary button--sm">Clear filters</button>} />
      </Panel>
    </div>
  );
}
