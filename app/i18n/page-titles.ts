// Browser-tab titles. Routes name their page in Chinese (`titled("企业住房 · 人才公寓")`); an
// English reader gets each part from this table. The site name is added here, in either language.
import type { MetaFunction } from "@remix-run/node";

const SITE = { zh: "昊浦汇", en: "Haopu Hub" };

/** Every part of a page title, Chinese → English. A unit test checks every route's parts are here. */
export const TITLE_PARTS_EN: Record<string, string> = {
  人才公寓: "Talent apartments",
  企业住房: "Company housing",
  入住申请: "Housing application",
  入驻企业: "Tenants",
  入驻审核: "Admissions",
  入驻申请: "Apply to move in",
  入驻申请审核: "Application review",
  公司信息: "Company profile",
  公司注册: "Company registration",
  公寓管理: "Apartments office",
  发票申请: "Fapiao requests",
  财务: "Finance",
  审计日志: "Audit log",
  对公转账: "Bank transfers",
  待退款: "Refunds to send",
  工作台: "Dashboard",
  开票信息: "Invoicing details",
  成员: "Members",
  我的入驻申请: "My application",
  我的公寓: "My apartment",
  找回密码: "Forgotten password",
  报修: "Repairs",
  接受邀请: "Accept invitation",
  操作记录: "Activity log",
  服务台: "Service desk",
  服务订单: "Service orders",
  注册: "Sign up",
  注册服务台: "Registration desk",
  注册案件: "Registration case",
  演示支付: "Demo payment",
  申请人才公寓: "Apply for an apartment",
  登录: "Log in",
  租约: "Lease",
  算力: "Compute",
  算力管理: "Credits console",
  设置新密码: "Set a new password",
  评分标准: "Scoring rubric",
  账单: "Invoices",
  账单详情: "Invoice",
  账户与安全: "Account and security",
  购物车: "Cart",
  一站式服务: "One-stop services",
  通知: "Notifications",
  邮件发件箱: "Email outbox",
  验证邮箱: "Verify email",
  隐私政策: "Privacy notice",
  订单: "Order",
  套餐: "Package",
  服务: "Service",
  生态朋友圈: "Park circle",
  园区活动: "Park events",
  电子票: "Ticket",
  活动签到: "Event check-in",
  报名名单: "Attendees",
  新建活动: "New event",
  编辑活动: "Edit event",
  企业主页: "Company profile",
  编辑企业主页: "Edit company profile",
  合作广场: "Collaboration board",
  我的个人名片: "My profile",
  合作需求: "Post",
  技能词库: "Skill vocabulary",
  计划与征集: "Programmes and calls",
  新建征集: "New call",
  编辑征集: "Edit call",
  征集: "Call",
  申报: "Entry",
  管理征集: "Manage call",
  评审: "Review",
};

/** "企业住房 · 人才公寓" in the reader's language, with the site's name. Unknown parts stay as written. */
export function pageTitle(zh: string, language: string | undefined) {
  if (language !== "en") return `${zh} · ${SITE.zh}`;
  const en = zh
    .split(" · ")
    .map((part) => TITLE_PARTS_EN[part] ?? part)
    .join(" · ");
  return `${en} · ${SITE.en}`;
}

/** The language the root loader chose for this request, for a route's `meta`. */
export function languageOf(matches: Parameters<MetaFunction>[0]["matches"]) {
  return (matches.find((match) => match.id === "root")?.data as { language?: string } | undefined)?.language;
}

/** A route's `meta`: the title in the reader's language. */
export function titled(zh: string): MetaFunction {
  return ({ matches }) => [{ title: pageTitle(zh, languageOf(matches)) }];
}
