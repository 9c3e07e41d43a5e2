// Recharts charts, browser only: the server build replaces this module with an empty one, and
// charts.tsx loads it lazily once the page has hydrated; until then <ChartOrTable> shows the data
// table. Values arrive as numbers of credits — converted from milli-credits for drawing only.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface SeriesSpec {
  key: string;
  label: string;
  colour: string;
}

const axisTick = { fontSize: 12, fill: "#5f6070" };

/** Stacked columns per day (or any category on the x axis). */
export function StackedColumns({
  data,
  series,
  format,
  height = 260,
}: {
  data: Record<string, string | number>[];
  series: SeriesSpec[];
  format: (value: number) => string;
  height?: number;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e1e6" />
        <XAxis dataKey="label" tick={axisTick} tickLine={false} interval="preserveStartEnd" minTickGap={16} />
        <YAxis tick={axisTick} tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => format(v)} />
        <Tooltip formatter={(value) => format(Number(value))} cursor={{ fill: "rgba(179, 38, 30, 0.06)" }} />
        <Legend wrapperStyle={{ fontSize: 13 }} />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} stackId="total" fill={s.colour} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** One horizontal bar per row: usage by model, by project, by tenant. */
export function HorizontalBars({
  data,
  label,
  format,
}: {
  data: { name: string; value: number }[];
  label: string;
  format: (value: number) => string;
}) {
  const height = Math.max(120, 36 * data.length + 40);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e3e1e6" />
        <XAxis type="number" tick={axisTick} tickLine={false} tickFormatter={(v: number) => format(v)} />
        <YAxis type="category" dataKey="name" tick={axisTick} tickLine={false} width={112} />
        <Tooltip formatter={(value) => format(Number(value))} cursor={{ fill: "rgba(179, 38, 30, 0.06)" }} />
        <Bar dataKey="value" name={label} fill="#b3261e" isAnimationActive={false} barSize={18} radius={[0, 4, 4, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
