// Approval of a move-in application seeds the new tenant's circle profile from its answers. The
// circle registers itself with admission's hook (same layer), so admission never imports the circle.
import { onTenantApproved } from "~/modules/admission/hooks.server";
import { seedProfileFromApproval } from "./profiles.server";

const text = (value: unknown) => (typeof value === "string" ? value : null);

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerCircleAdmissionLink() {
  onTenantApproved("circle.profile", async (tx, tenant) => {
    const links = text(tenant.materials.showreelLinks);
    await seedProfileFromApproval(tx, {
      orgId: tenant.orgId,
      applicantUserId: tenant.applicantUserId,
      category: text(tenant.company.category),
      description: text(tenant.company.description),
      teamSize: typeof tenant.team.size === "number" ? tenant.team.size : null,
      foundedOn: text(tenant.company.foundedOn),
      pastWorks: text(tenant.team.pastWorks),
      awards: text(tenant.team.awards),
      showreelLinks: links ? links.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^https?:\/\//i.test(l)) : [],
    });
  });
}
