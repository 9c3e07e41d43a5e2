// Demo events: 上海AI互动生态大会 in the 路演厅 (held on the services calendar) with members
// registered and one checked-in-ready ticket, and a public 科幻电影周 screening. Through the
// events module, like a member of staff and tenants would do it.
import { count, eq } from "drizzle-orm";
import { circleEvents, serviceResources } from "#db/schema/index";
import { registerForEvent, saveEvent } from "~/modules/circle/events.server";
import { parkLocalToInstant } from "~/modules/platform/dates";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { actorOf } from "./services";

const meta = { ip: null, origin: "http://localhost:3000", language: "zh-CN" };

export async function seedCircleEvents() {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(circleEvents);
  if (Number(n) > 0) return;
  const staff = await actorOf("services@haopu.test", "haopu");
  const [hall] = await db.select({ id: serviceResources.id }).from(serviceResources).where(eq(serviceResources.code, "roadshow-hall"));
  const day = (days: number, hhmm: string) => parkLocalToInstant(`${addDaysIso(parkDate(), days)}T${hhmm}`)!;

  const conference = await saveEvent(staff, {
    title: "上海AI互动生态大会",
    description: "园区年度 AI 与影视产业大会：AIGC 短剧、虚拟拍摄与大模型应用的主题分享，下午为入驻企业项目路演与对接。\n\n议程：13:30 签到 · 14:00 主题演讲 · 15:30 项目路演 · 17:00 自由交流",
    startsAt: day(12, "13:30"),
    endsAt: day(12, "17:30"),
    venue: "B 栋一层",
    venueResourceId: hall?.id,
    capacity: 120,
    audience: "members",
  }, meta);
  for (const [email, slug] of [
    ["owner@qingyan.test", "qingyan"],
    ["owner@xingyuan.test", "xingyuan"],
    ["cto@xingyuan.test", "xingyuan"],
    ["owner@qiwu.test", "qiwu"],
    ["owner@pujiang.test", "pujiang"],
    ["owner@jifeng.test", "jifeng"],
  ] as const) {
    await registerForEvent(await actorOf(email, slug), conference.id, meta);
  }

  const screening = await saveEvent(staff, {
    title: "科幻电影周 · 开幕放映与映后交流",
    description: "与园区动画与特效团队一起看片，映后由导演分享虚拟制片经验。对公众开放，凭邮箱确认报名。",
    startsAt: day(20, "19:00"),
    endsAt: day(20, "21:30"),
    venue: "园区 1 号放映厅",
    venueResourceId: undefined,
    capacity: 80,
    audience: "public",
  }, meta);
  for (const [email, slug] of [
    ["artist@qingyan.test", "qingyan"],
    ["producer@qingyan.test", "qingyan"],
    ["engineer@xingyuan.test", "xingyuan"],
    ["owner@moyan.test", "moyan"],
  ] as const) {
    await registerForEvent(await actorOf(email, slug), screening.id, meta);
  }
}
