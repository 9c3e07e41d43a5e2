// Liveness and readiness for a load balancer: 200 when the database answers, 503 when not.
import { sql } from "drizzle-orm";
import { getConnection } from "~/modules/platform/db.server";

export async function loader() {
  const started = Date.now();
  try {
    const connection = await getConnection();
    await connection.db.execute(sql`select 1`);
    return Response.json(
      { status: "ok", database: connection.kind, latencyMs: Date.now() - started },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
