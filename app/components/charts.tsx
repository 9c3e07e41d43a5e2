// Charts with their data tables: on the server (and in a browser without JavaScript) the table is
// the content; once the page has hydrated the chart is drawn and the table folds away under
// "view as table", still there for screen readers and for copying numbers.
import { lazy, Suspense, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";

// Recharts is loaded on demand, after the page has hydrated: the table is there before it.
export const StackedColumns = lazy(() => import("./charts.client").then((m) => ({ default: m.StackedColumns })));
export const HorizontalBars = lazy(() => import("./charts.client").then((m) => ({ default: m.HorizontalBars })));

export const chartColours = ["#b3261e", "#3a6ea5", "#2f8a5b", "#c98a12", "#7a4fa0", "#5f6070"];

const subscribeNever = () => () => {};

/** False while rendering on the server and hydrating, true afterwards. */
function useHydrated() {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}

export function ChartOrTable({ title, chart, table, className }: { title: string; chart: () => React.ReactNode; table: React.ReactNode; className?: string }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  return (
    <figure className={className ? `chart ${className}` : "chart"}>
      <figcaption>{title}</figcaption>
      {hydrated ? (
        <div className="chart-canvas" aria-hidden="true">
          <Suspense fallback={<p className="muted small">{t("compute.charts.loading")}</p>}>{chart()}</Suspense>
        </div>
      ) : null}
      <details className="chart-data" open={!hydrated}>
        <summary>{t("compute.charts.viewTable")}</summary>
        {table}
      </details>
    </figure>
  );
}
