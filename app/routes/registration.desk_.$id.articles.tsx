// /registration/desk/:id/articles — a printable draft of the articles of association (公司章程) of a
// limited company, filled from the case's intake: name, address, scope, registered capital, each
// shareholder's subscription and payment date, the officers. The articles are filed in Chinese, so
// the draft is Chinese whatever the reader's language; only the toolbar follows it.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { caseView } from "~/modules/registration/console.server";
import { bpToPercent, scopeItems } from "~/modules/registration/intake";
import registrationStyles from "~/styles/registration.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registrationStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? "公司"}章程（草案）` }];

interface Person {
  name?: string;
  idNumber?: string;
}
interface Shareholder {
  kind: string;
  name: string;
  idNumber?: string;
  uscc?: string;
  shareBp: number;
  subscribedWan: string | null;
  paymentDueOn: string | null;
}

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const view = await caseView(member, params.id ?? "");
  const intake = view.case.intake as Record<string, Record<string, unknown> | undefined>;
  const scope = intake.scope ?? {};
  const chosen = new Set((scope.items as string[] | undefined) ?? []);
  const items = scopeItems.filter((i) => chosen.has(i.code));
  return {
    id: view.case.id,
    number: view.case.number,
    name: view.name,
    address: view.address?.addressZh ?? ((intake.address?.ownAddress as string | undefined) ?? null),
    generalScope: items.filter((i) => !i.licensed).map((i) => i.zh),
    licensedScope: items.filter((i) => i.licensed).map((i) => i.zh),
    freeScope: (scope.freeText as string | undefined) ?? "",
    capitalWan: (intake.capital?.capitalWan as string | undefined) ?? null,
    shareholders: ((intake.shareholders?.shareholders as Shareholder[] | undefined) ?? []).map((s) => ({
      kind: s.kind,
      name: s.name,
      identity: s.kind === "company" ? (s.uscc ?? "") : (s.idNumber ?? ""),
      percent: bpToPercent(s.shareBp ?? 0),
      subscribedWan: s.subscribedWan,
      paymentDueOn: s.paymentDueOn,
    })),
    legalRep: ((intake.officers?.legalRep as Person | undefined) ?? {}).name ?? null,
    supervisor: ((intake.officers?.supervisor as Person | undefined) ?? {}).name ?? null,
    finance: ((intake.officers?.finance as Person | undefined) ?? {}).name ?? null,
  };
});

const blank = "＿＿＿＿＿＿";

export default function ArticlesDraft() {
  const { t } = useTranslation();
  const a = useLoaderData<typeof loader>();
  const name = a.name ?? blank;
  return (
    <div className="registration">
      <div className="articles-toolbar no-print">
        <Link to={`/registration/desk/${a.id}`}>← {a.number}</Link>
        <button type="button" className="button button-small" onClick={() => window.print()}>
          {t("registration.desk.articles.print")}
        </button>
        <span className="small muted">{t("registration.desk.articles.hint")}</span>
      </div>
      <article className="articles" lang="zh-CN">
        <p className="draft-mark">（草案 · {a.number} · 以登记机关核准为准）</p>
        <h1>{name}章程</h1>

        <h2>第一章 总则</h2>
        <p>第一条 为规范公司的组织和行为，保护公司、股东和债权人的合法权益，根据《中华人民共和国公司法》（以下简称《公司法》）和有关法律、行政法规的规定，制定本章程。</p>
        <p>第二条 公司名称：{name}。</p>
        <p>第三条 公司住所：{a.address ?? blank}。</p>
        <p>第四条 公司为有限责任公司，股东以其认缴的出资额为限对公司承担责任，公司以其全部财产对公司的债务承担责任。</p>

        <h2>第二章 经营范围</h2>
        <p>
          第五条 公司的经营范围：一般项目：{a.generalScope.length ? a.generalScope.join("；") : blank}
          {a.freeScope ? `；${a.freeScope}` : ""}。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）
        </p>
        {a.licensedScope.length ? <p>许可项目：{a.licensedScope.join("；")}。（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）</p> : null}

        <h2>第三章 注册资本</h2>
        <p>第六条 公司注册资本为人民币 {a.capitalWan ?? blank} 万元。</p>
        <p>第七条 全体股东认缴的出资额由股东按照本章程的规定自公司成立之日起五年内缴足。</p>

        <h2>第四章 股东的姓名或者名称、出资额、出资方式和出资日期</h2>
        <p>第八条 股东的姓名或者名称、认缴出资额、出资比例、出资方式和出资日期如下：</p>
        <table>
          <thead>
            <tr>
              <th>股东姓名或名称</th>
              <th>证件号码</th>
              <th>认缴出资额（万元）</th>
              <th>出资比例</th>
              <th>出资方式</th>
              <th>出资日期</th>
            </tr>
          </thead>
          <tbody>
            {a.shareholders.length === 0 ? (
              <tr>
                <td colSpan={6}>{blank}</td>
              </tr>
            ) : (
              a.shareholders.map((s, i) => (
                <tr key={i}>
                  <td>{s.name}</td>
                  <td>{s.identity}</td>
                  <td>{s.subscribedWan ?? blank}</td>
                  <td>{s.percent}%</td>
                  <td>货币</td>
                  <td>{s.paymentDueOn ?? blank}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <p>第九条 股东应当按期足额缴纳各自所认缴的出资额。股东未按期足额缴纳出资的，除应当向公司足额缴纳外，还应当对给公司造成的损失承担赔偿责任。</p>

        <h2>第五章 公司的机构及其产生办法、职权、议事规则</h2>
        <p>第十条 股东会由全体股东组成，是公司的权力机构，依照《公司法》第五十九条的规定行使职权。</p>
        <p>第十一条 公司不设董事会，设董事一名，由股东会选举产生，担任公司法定代表人：{a.legalRep ?? blank}。董事每届任期三年，任期届满，连选可以连任。</p>
        <p>第十二条 公司不设监事会，设监事一名，由股东会选举产生：{a.supervisor ?? blank}。董事、高级管理人员不得兼任监事。</p>
        <p>第十三条 公司财务负责人：{a.finance ?? blank}。</p>

        <h2>第六章 附则</h2>
        <p>第十四条 本章程自全体股东签字（盖章）之日起生效。本章程与登记机关登记事项不一致的，以登记机关登记为准。</p>

        <div className="signatures">
          {(a.shareholders.length ? a.shareholders : [{ name: blank }]).map((s, i) => (
            <p key={i}>股东签字（盖章）：{s.name}</p>
          ))}
          <p>日期：{"\u3000\u3000"}年{"\u3000\u3000"}月{"\u3000\u3000"}日</p>
        </div>
      </article>
    </div>
  );
}
