//! schema.org structured data (JSON-LD): `GovernmentOrganization` for the
//! site, `NewsArticle` for posts, `GovernmentService` for procedures.
//! Output is escaped so that it can never close its `<script>` element.

use serde::Serialize;
use serde_json::{json, Value};

use crate::content::{news::News, procedure::Procedure};
use crate::site::Site;

/// A `NewsArticle`; fields in the order serde_json sorts map keys, so the
/// output is the same as the `json!` form the other types use.
#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "articleSection")]
    article_section: &'a str,
    author: Author<'a>,
    #[serde(rename = "dateModified")]
    date_modified: &'a str,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
    description: &'a str,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
    publisher: &'a Value,
    url: &'a str,
}

#[derive(Serialize)]
struct Author<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// The site's publisher, a `GovernmentOrganization`.
pub(super) fn organization(site: &Site) -> Value {
    let c = &site.config;
    let mut org = json!({
        "@type": "GovernmentOrganization",
        "name": c.title,
        "url": format!("{}/", c.base_url),
        "logo": format!("{}/assets/favicon.svg", c.base_url),
    });
    if let Some(area) = &c.area {
        org["areaServed"] = json!({"@type": "AdministrativeArea", "name": area});
    }
    if let Some(email) = &c.contact.email {
        org["email"] = json!(email);
    }
    if let Some(phone) = &c.contact.phone {
        org["telephone"] = json!(phone);
    }
    if let Some(address) = &c.contact.address {
        org["address"] = json!(address);
    }
    org
}

/// For the home page.
pub(super) fn site(site: &Site) -> String {
    let mut org = organization(site);
    org["@context"] = json!("https://schema.org");
    encode(&org)
}

/// For a post; `publisher` is [`organization`] of the site, made once.
pub(super) fn news(site: &Site, publisher: &Value, post: &News) -> String {
    let url = format!("{}{}", site.config.base_url, post.url);
    encode(&NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        article_section: &post.category_label,
        author: Author {
            kind: "GovernmentOrganization",
            name: post.author.as_deref().unwrap_or(&site.config.title),
        },
        date_modified: &post.date_iso,
        date_published: &post.date_iso,
        description: &post.summary,
        headline: &post.title,
        in_language: &site.config.language,
        main_entity_of_page: &url,
        publisher,
        url: &url,
    })
}

/// For a procedure; `operator` is [`organization`] of the site, made once.
pub(super) fn procedure(site: &Site, operator: &Value, p: &Procedure) -> String {
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": p.name,
        "identifier": p.code,
        "serviceType": p.field,
        "url": format!("{}{}", site.config.base_url, p.url),
        "provider": {"@type": "GovernmentOrganization", "name": p.agency},
        "offers": {"@type": "Offer", "description": p.fee},
        "serviceOperator": operator,
    });
    if let Some(area) = &site.config.area {
        value["areaServed"] = json!({"@type": "AdministrativeArea", "name": area});
    }
    if let Some(a) = &p.applicants {
        value["audience"] = json!({"@type": "Audience", "audienceType": a});
    }
    if let Some(url) = &p.dvc_url {
        value["availableChannel"] = json!({"@type": "ServiceChannel", "serviceUrl": url});
    }
    encode(&value)
}

/// JSON safe inside `<script type="application/ld+json">` ([`crate::escape::json`]).
fn encode(value: &impl Serialize) -> String {
    let json = serde_json::to_vec(value).expect("JSON-LD serialises");
    String::from_utf8(crate::escape::json(json)).expect("JSON is UTF-8")
}
