//! Plans (kế hoạch): each plan, the list, and the tasks of each lead unit.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    jobs.extend(site.plans.iter().map(|p| Box::new(PlanPage(p)) as Job<'a>));
    jobs.push(Box::new(Gathered {
        url: routes::PLANS.url.into(),
        prepare: plan_list,
    }));
    jobs.push(Box::new(Gathered {
        url: routes::plan_units(),
        prepare: units,
    }));
    jobs.extend(
        shared
            .units
            .iter()
            .map(|u| Box::new(UnitPage(u)) as Job<'a>),
    );
}

/// A plan's page.
struct PlanPage<'a>(&'a Plan);

impl<'a> PageJob<'a> for PlanPage<'a> {
    fn url(&self) -> String {
        self.0.url.clone()
    }
    fn source(&self) -> Option<&'a Path> {
        Some(&self.0.source)
    }
    fn prepare(&self, _shared: &Shared<'a>) -> Prepared {
        let plan = self.0;
        let crumbs = vec![
            crumb(routes::PLANS.label, routes::PLANS.url),
            // An unnumbered plan is named by (the start of) its title.
            crumb(&crate::markdown::truncate_words(&plan.label, 60), &plan.url),
        ];
        let mut p = prepared(&plan.url, "plan.html", &plan.title, "ke-hoach", crumbs);
        p.context.insert("plan", plan);
        p.context.insert("content", &plan.body_html);
        describe(&mut p, &plan.summary);
        p
    }
}

/// A page gathering the tasks of every plan: the plan index and the list
/// of lead units.
struct Gathered {
    url: String,
    prepare: fn(&Shared<'_>, &str) -> Prepared,
}

impl<'a> PageJob<'a> for Gathered {
    fn url(&self) -> String {
        self.url.clone()
    }
    fn shows(&self, shared: &Shared<'a>) -> Shows<'a> {
        sources_of(&shared.site.plans)
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        (self.prepare)(shared, &self.url)
    }
}

/// The tasks one unit leads, from every plan.
struct UnitPage<'a>(&'a Unit<'a>);

impl<'a> PageJob<'a> for UnitPage<'a> {
    fn url(&self) -> String {
        format!("{}{}/", routes::plan_units(), self.0.slug)
    }
    fn shows(&self, shared: &Shared<'a>) -> Shows<'a> {
        sources_of(&shared.site.plans)
    }
    fn prepare(&self, _shared: &Shared<'a>) -> Prepared {
        unit_page(self.0, &self.url())
    }
}

fn plan_list(shared: &Shared<'_>, url: &str) -> Prepared {
    let mut p = prepared(
        url,
        "plan_list.html",
        "Kế hoạch",
        "ke-hoach",
        vec![crumb(routes::PLANS.label, routes::PLANS.url)],
    );
    p.context.insert("items", &shared.site.plans);
    p.context.insert("units", &unit_links(&shared.units));
    p
}

fn units(shared: &Shared<'_>, url: &str) -> Prepared {
    let crumbs = vec![
        crumb(routes::PLANS.label, routes::PLANS.url),
        crumb("Nhiệm vụ theo đơn vị", url),
    ];
    let mut p = prepared(
        url,
        "units.html",
        "Nhiệm vụ theo đơn vị chủ trì",
        "ke-hoach",
        crumbs,
    );
    p.context.insert("units", &unit_links(&shared.units));
    p
}

fn unit_page(unit: &Unit<'_>, url: &str) -> Prepared {
    let crumbs = vec![
        crumb(routes::PLANS.label, routes::PLANS.url),
        crumb("Nhiệm vụ theo đơn vị", &routes::plan_units()),
        crumb(&unit.name, url),
    ];
    let mut p = prepared(
        url,
        "unit.html",
        &format!("Nhiệm vụ do {} chủ trì", unit.name),
        "ke-hoach",
        crumbs,
    );
    p.context.insert("unit_name", &unit.name);
    p.context.insert("tasks", &unit.tasks);
    p
}
