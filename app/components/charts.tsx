// Charts with their data tables: on the server (and in a browser without JavaScript) the table is
// the content; once the page has hydrated the chart is drawn and the table folds away under
// "view as table", still there for screen readers and for copying numbers. Recharts is fetched and
// drawn only when a chart comes near the screen: on a phone the charts are below the fold, and
// drawing them while the page starts kept its main thread busy for a second (Lighthouse's total
// blocking time on /compute).
import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from "react";
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

/** Whether the element has come within half a screen of the viewport (true at once where IntersectionObserver is missing). */
function useNearScreen(rendered: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || near) return;
    if (typeof IntersectionObserver === "undefined") return setNear(true);
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        setNear(true);
        observer.disconnect();
      }
    }, { rootMargin: "50% 0px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near, rendered]);
  return { ref, near };
}

export function ChartOrTable({ title, chart, table, className }: { title: string; chart: () => React.ReactNode; table: React.ReactNode; className?: string }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const { ref, near } = useNearScreen(hydrated);
  const loading = <p className="muted small">{t("compute.charts.loading")}</p>;
  return (
    <figure className={className ? `chart ${className}` : "chart"}>
      <figcaption>{title}</figcaption>
      {hydrated ? (
        <div className="chart-canvas" aria-hidden="true" ref={ref}>
          {near ? <Suspense fallback={loading}>{chart()}</Suspense> : loading}
        </div>
      ) : null}
      <details className="chart-data" open={!hydrated}>
        <summary>{t("compute.charts.viewTable")}</summary>
        {table}
      </details>
    </figure>
  );
}
