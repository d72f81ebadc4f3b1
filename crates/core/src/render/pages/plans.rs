//! Plans (kế hoạch): each plan, the list, and the tasks of each lead unit.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    jobs.extend(site.plans.iter().map(Job::Plan));
    jobs.extend(shared.units.iter().map(Job::Unit));
}

/// Prepares a page of this section.
pub(super) fn prepare(job: &Job<'_>, shared: &Shared<'_>) -> Prepared {
    let site = shared.site;
    match job {
        Job::Plan(plan) => {
            let crumbs = vec![
                crumb(routes::PLANS.label, routes::PLANS.url),
                crumb(&plan.number_display, &plan.url),
            ];
            let mut p = prepared(&plan.url, "plan.html", &plan.title, "ke-hoach", crumbs);
            p.context.insert("plan", plan);
            p.context.insert("content", &plan.body_html);
            describe(&mut p, &plan.summary);
            p
        }
        Job::PlanList => {
            let mut p = prepared(
                routes::PLANS.url,
                "plan_list.html",
                "Kế hoạch",
                "ke-hoach",
                vec![crumb(routes::PLANS.label, routes::PLANS.url)],
            );
            p.context.insert("items", &site.plans);
            p.context.insert("units", &unit_links(&shared.units));
            p
        }
        Job::Units => {
            let crumbs = vec![
                crumb(routes::PLANS.label, routes::PLANS.url),
                crumb("Nhiệm vụ theo đơn vị", &routes::plan_units()),
            ];
            let mut p = prepared(
                routes::plan_units(),
                "units.html",
                "Nhiệm vụ theo đơn vị chủ trì",
                "ke-hoach",
                crumbs,
            );
            p.context.insert("units", &unit_links(&shared.units));
            p
        }
        Job::Unit(unit) => {
            let url = format!("{}{}/", routes::plan_units(), unit.slug);
            let crumbs = vec![
                crumb(routes::PLANS.label, routes::PLANS.url),
                crumb("Nhiệm vụ theo đơn vị", &routes::plan_units()),
                crumb(&unit.name, &url),
            ];
            let mut p = prepared(
                &url,
                "unit.html",
                &format!("Nhiệm vụ do {} chủ trì", unit.name),
                "ke-hoach",
                crumbs,
            );
            p.context.insert("unit_name", &unit.name);
            p.context.insert("tasks", &unit.tasks);
            p
        }
        _ => unreachable!("not a page of this section"),
    }
}
