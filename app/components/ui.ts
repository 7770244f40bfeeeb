// The design system's components in one import: `import { PageHeader, Panel, … } from "~/components/ui"`.
export { Alert, type AlertTone } from "./alert";
export { ConfirmButton } from "./confirm-button";
export { Countdown } from "./countdown";
export { DataTable, type Column } from "./data-table";
export { DescriptionList, type DescriptionItem } from "./description-list";
export { EmptyState } from "./empty-state";
export { Checkbox, CheckboxGroup, Field, FormError, SelectField, SubmitButton, TextAreaField, fieldErrors } from "./form";
export { DateTime, Money, useFormatNumber } from "./format";
export { Icon, type IconName } from "./icon";
export { PageHeader, type Crumb } from "./page-header";
export { Pagination } from "./pagination";
export { Panel } from "./panel";
export { StatTile } from "./stat-tile";
export { Badge, StatusBadge, type Tone } from "./status-badge";
export { Timeline, type TimelineItem, type TimelineTone } from "./timeline";
