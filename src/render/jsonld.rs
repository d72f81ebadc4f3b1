//! schema.org structured data (JSON-LD): `GovernmentOrganization` for the
//! site, `NewsArticle` for posts, `GovernmentService` for procedures.
//! Output is escaped so that it can never close its `<script>` element.

use serde_json::{json, Value};

use crate::content::{news::News, procedure::Procedure};
use crate::site::Site;

fn organization(site: &Site) -> Value {
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
pub fn site(site: &Site) -> String {
    let mut org = organization(site);
    org["@context"] = json!("https://schema.org");
    encode(&org)
}

pub fn news(site: &Site, post: &News) -> String {
    let url = format!("{}{}", site.config.base_url, post.url);
    encode(&json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title,
        "description": post.summary,
        "datePublished": post.date_iso,
        "dateModified": post.date_iso,
        "articleSection": post.category_label,
        "inLanguage": site.config.language,
        "mainEntityOfPage": url,
        "url": url,
        "author": {"@type": "GovernmentOrganization", "name": post.author.clone().unwrap_or_else(|| site.config.title.clone())},
        "publisher": organization(site),
    }))
}

pub fn procedure(site: &Site, p: &Procedure) -> String {
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": p.name,
        "identifier": p.code,
        "serviceType": p.field,
        "url": format!("{}{}", site.config.base_url, p.url),
        "provider": {"@type": "GovernmentOrganization", "name": p.agency},
        "offers": {"@type": "Offer", "description": p.fee},
        "serviceOperator": organization(site),
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

/// JSON safe inside `<script type="application/ld+json">`.
fn encode(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON-LD serialises")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cannot_close_its_script_element() {
        let v = json!({"name": "</script><script>alert(1)</script>"});
        let s = encode(&v);
        assert!(!s.contains('<'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
