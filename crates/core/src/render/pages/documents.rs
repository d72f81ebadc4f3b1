//! Documents (văn bản): each document, and the lists by type, field, issuer,
//! year and force.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    let per = site.config.paginate_by;
    jobs.extend(
        site.documents
            .iter()
            .map(|d| Box::new(DocumentPage(d)) as Job<'a>),
    );
    let doc_root = crumb(routes::DOCUMENTS.label, routes::DOCUMENTS.url);
    let mut doc_list = |heading: String, crumbs: Vec<Crumb>, items: &'a [&'a Document]| {
        let base = crumbs.last().expect("a list has a crumb").url.clone();
        for (items, pager) in paginate(items, per, &base) {
            jobs.push(Box::new(List {
                heading: heading.clone(),
                crumbs: crumbs.clone(),
                items,
                pager,
            }));
        }
    };
    doc_list(
        "Văn bản hướng dẫn, chỉ đạo".into(),
        vec![doc_root.clone()],
        &shared.all_documents,
    );
    doc_list(
        "Danh mục văn bản quy phạm pháp luật hết hiệu lực toàn bộ hoặc một phần".into(),
        vec![
            doc_root.clone(),
            crumb("Hết hiệu lực", &routes::documents_expired()),
        ],
        &shared.expired_documents,
    );
    let filters = [
        (&shared.document_types, &routes::document_types(), ""),
        (
            &shared.document_fields,
            &routes::document_fields(),
            "Văn bản lĩnh vực ",
        ),
        (
            &shared.document_issuers,
            &routes::document_issuers(),
            "Văn bản của ",
        ),
    ];
    for (groups, base, prefix) in filters {
        for g in groups {
            let crumbs = vec![
                doc_root.clone(),
                crumb(&g.name, &format!("{base}{}/", g.slug)),
            ];
            doc_list(format!("{prefix}{}", g.name), crumbs, &g.items);
        }
    }
    for g in &shared.document_years {
        let crumbs = vec![
            doc_root.clone(),
            crumb(&g.name, &format!("{}{}/", routes::document_years(), g.slug)),
        ];
        doc_list(
            format!("Văn bản {}", g.name.to_lowercase()),
            crumbs,
            &g.items,
        );
    }
}

/// A document's page.
struct DocumentPage<'a>(&'a Document);

impl<'a> PageJob<'a> for DocumentPage<'a> {
    fn url(&self) -> String {
        self.0.url.clone()
    }
    fn source(&self) -> Option<&'a Path> {
        Some(&self.0.source)
    }
    fn prepare(&self, _shared: &Shared<'a>) -> Prepared {
        let doc = self.0;
        let crumbs = vec![
            crumb(routes::DOCUMENTS.label, routes::DOCUMENTS.url),
            crumb(&doc.number, &doc.url),
        ];
        let mut p = prepared(
            &doc.url,
            "document.html",
            &format!("{} {}", doc.kind, doc.number),
            "van-ban",
            crumbs,
        );
        p.context.insert("document", doc);
        p.context.insert("content", &doc.body_html);
        describe(&mut p, &doc.title);
        p
    }
}

/// One page of a list of documents (all, expired, by type, field, issuer
/// or year).
struct List<'a> {
    heading: String,
    crumbs: Vec<Crumb>,
    items: &'a [&'a Document],
    pager: Pager,
}

impl<'a> PageJob<'a> for List<'a> {
    fn url(&self) -> String {
        page_url_of(&self.crumbs, &self.pager)
    }
    fn shows(&self, _shared: &Shared<'a>) -> Shows<'a> {
        sources_of(self.items.iter().copied())
    }
    fn navigation(&self, shared: &Shared<'a>) -> u64 {
        shared.document_navigation
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        let mut p = list_page(
            "document_list.html",
            "van-ban",
            &self.heading,
            &self.crumbs,
            Value::from_serializable(&self.items),
            &self.pager,
        );
        p.context.insert(
            "years",
            &group_links(&shared.document_years, &routes::document_years()),
        );
        p.context.insert(
            "types",
            &group_links(&shared.document_types, &routes::document_types()),
        );
        p.context.insert(
            "fields",
            &group_links(&shared.document_fields, &routes::document_fields()),
        );
        p.context.insert(
            "issuers",
            &group_links(&shared.document_issuers, &routes::document_issuers()),
        );
        p.context
            .insert("expired_count", &shared.expired_documents.len());
        p
    }
}
