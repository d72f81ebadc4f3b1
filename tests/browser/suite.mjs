// Browser tests of the default site as citizens use it: served by nginx,
// read by headless Chromium at phone and desktop widths, checked with
// axe-core (WCAG 2.1 A and AA) and by hand-written checks. Run by run.sh;
// prints "N passed, M failed" last.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

import { DESKTOP, PHONE, assert, axe, finish, test } from "./harness.mjs";

const require = createRequire(import.meta.url);
const SITE = process.env.SITE_URL;
const HTTP_SITE = process.env.HTTP_URL;
const PUBLIC_DIR = process.env.PUBLIC_DIR;
const VNU = require.resolve("vnu-jar/build/dist/vnu.jar");

// The Nu Html Checker (the W3C validator's engine) on files or folders;
// its errors as "file: line: message".
function nuErrors(...paths) {
  let out;
  try {
    out = execFileSync("java", ["-jar", VNU, "--errors-only", "--skip-non-html", "--format", "json", ...paths], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  } catch (e) {
    out = e.stderr || e.stdout; // vnu exits 1 when it found errors; JSON is on stderr
  }
  const report = JSON.parse(out && out.trim() ? out : "{\"messages\":[]}");
  return report.messages.filter((m) => m.type === "error" || m.subType === "fatal").map((m) => `${(m.url || "").replace(/^file:/, "")}:${m.lastLine}: ${m.message}`);
}
const SHOTS = process.env.SCREENSHOTS;

// One page of each template.
const TEMPLATES = {
  home: "/",
  news_list: "/tin-tuc/",
  news_year: "/tin-tuc/nam/2026/",
  news_month: "/tin-tuc/nam/2026/thang-10/",
  news: null, // first post, found below
  category: "/tin-tuc/chuyen-muc/hoat-dong/",
  tags: "/tin-tuc/the/",
  documents: "/van-ban/",
  documents_by_type: "/van-ban/loai/chi-dao/",
  documents_expired: "/van-ban/het-hieu-luc/",
  document: null,
  plans: "/ke-hoach/",
  plan: "/ke-hoach/ke-hoach-khac-phuc-han-che-cchc-2026/",
  units: "/ke-hoach/don-vi/",
  unit: "/ke-hoach/don-vi/van-phong-so/",
  procedures: "/thu-tuc-hanh-chinh/",
  procedure: "/thu-tuc-hanh-chinh/quoc-tich-nhap/",
  field: "/thu-tuc-hanh-chinh/linh-vuc/quoc-tich/",
  feedback_list: "/phan-anh-kien-nghi/",
  feedback: "/phan-anh-kien-nghi/pakn-2026-001/",
  consultations: "/lay-y-kien/",
  consultation: "/lay-y-kien/ke-hoach-ho-tro-phap-ly-doanh-nghiep-2026-2030/",
  page: "/gioi-thieu/",
  tracker: "/theo-doi/",
  search: "/tim-kiem/?q=nhap+quoc+tich",
  data: "/du-lieu/",
  not_found: "/khong-co-trang-nay/",
};

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

// Every page opened records what the Content-Security-Policy blocked.
async function withPage(viewport, fn) {
  const context = await browser.newContext({ viewport, locale: "vi-VN", ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.cspViolations = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) page.cspViolations.push(msg.text().slice(0, 200));
  });
  try {
    return await fn(page);
  } finally {
    await context.close();
  }
}

// 1. Crawl the whole site from "/" through nginx.
const pages = new Map();
await test("every internal link answers 200 with UTF-8 HTML in Vietnamese", async () => {
  const queue = ["/"];
  const seen = new Set(queue);
  const problems = [];
  while (queue.length) {
    const path = queue.shift();
    const res = await fetch(SITE + path);
    if (res.status !== 200) {
      problems.push(`${path}: HTTP ${res.status}`);
      continue;
    }
    const type = res.headers.get("content-type") || "";
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (!type.startsWith("text/html")) continue;
    let html;
    try {
      html = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      problems.push(`${path}: not valid UTF-8`);
      continue;
    }
    if (!/charset=utf-8/i.test(type)) problems.push(`${path}: served as ${type}`);
    // English pages (Decree 42/2022) say so; every other page is Vietnamese.
    const lang = path.startsWith("/en/") ? "en" : "vi";
    if (!html.includes(`<html lang="${lang}">`)) problems.push(`${path}: no lang="${lang}"`);
    pages.set(path, html);
    for (const m of html.matchAll(/(?:href|src)="(\/[^"#?]*)/g)) {
      const link = m[1];
      if (!link.startsWith("//") && !seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  assert(problems.length === 0, problems.slice(0, 20).join("\n"));
  assert(pages.size > 200, `only ${pages.size} pages reached`);
  console.log(`     crawled ${seen.size} URLs, ${pages.size} HTML pages`);
});

await test("a missing path gets HTTP 404 and the site's 404 page", async () => {
  const res = await fetch(SITE + "/khong-co-trang-nay/");
  assert(res.status === 404, `HTTP ${res.status}`);
  assert((await res.text()).includes("Không tìm thấy trang"), "not the site's 404 page");
});

// Pick one news post and one document from the crawl.
TEMPLATES.news = [...pages.keys()].find((p) => /^\/tin-tuc\/[^/]+\/$/.test(p) && !/\/(trang|the|nam|chuyen-muc)\//.test(p));
TEMPLATES.document = [...pages.keys()].find((p) => /^\/van-ban\/[^/]+\/$/.test(p) && !p.includes("/nam/"));

// 2. Accessibility and phone checks on every template at both widths.
for (const [name, path] of Object.entries(TEMPLATES)) {
  for (const [label, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
    await test(`${name} (${path}) at ${label} width: axe WCAG 2.1 A/AA, one h1, skip link, no horizontal scroll`, async () => {
      await withPage(viewport, async (page) => {
        await page.goto(SITE + path, { waitUntil: "networkidle" });
        if (name === "search") await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0, null, { timeout: 5000 });
        const violations = await axe(page);
        assert(violations.length === 0, violations.join("\n"));
        const facts = await page.evaluate(() => ({
          h1: document.querySelectorAll("h1").length,
          skip: document.querySelector("a.skip")?.getAttribute("href"),
          main: !!document.getElementById("noi-dung"),
          scroll: document.documentElement.scrollWidth,
          width: window.innerWidth,
          imagesWithoutAlt: [...document.querySelectorAll("img:not([alt])")].length,
          tablesWithoutHeaders: [...document.querySelectorAll("table")].filter((t) => !t.querySelector("th")).length,
          svgWithoutName: [...document.querySelectorAll("svg[role=img]")].filter((s) => !s.getAttribute("aria-labelledby") && !s.getAttribute("aria-label")).length,
        }));
        assert(page.cspViolations.length === 0, `blocked by the Content-Security-Policy: ${page.cspViolations.join("; ")}`);
        assert(facts.h1 === 1, `${facts.h1} h1 elements`);
        assert(facts.skip === "#noi-dung" && facts.main, "no skip link to the main content");
        assert(facts.scroll <= facts.width, `horizontal scroll: content ${facts.scroll}px wide in a ${facts.width}px window`);
        assert(facts.imagesWithoutAlt === 0, "images without alt text");
        assert(facts.tablesWithoutHeaders === 0, "tables without header cells");
        assert(facts.svgWithoutName === 0, "chart without a text alternative");
        if (label === "phone") {
          const small = await page.evaluate(() => {
            const bad = [];
            for (const el of document.querySelectorAll("a, button, input, select")) {
              const r = el.getBoundingClientRect();
              if (r.width === 0 || el.closest("p, td, li.card p, .prose, .meta, figcaption")) continue; // inline links in text are exempt (WCAG 2.5.8)
              if (r.height < 44 || r.width < 44) bad.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || "").trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
            }
            for (const el of document.querySelectorAll("p, li, td, th, label, a, button, input, select, h1, h2, h3")) {
              const size = parseFloat(getComputedStyle(el).fontSize);
              if (el.getBoundingClientRect().width > 0 && size < 16) bad.push(`${el.tagName.toLowerCase()} text ${size}px`);
            }
            return bad;
          });
          assert(small.length === 0, `too small for a phone: ${[...new Set(small)].slice(0, 10).join("; ")}`);
        }
      });
    });
  }
}

// 2b. Served as deploy/nginx.conf serves it: headers, caching, HTTPS.
await test("deploy/nginx.conf: security headers on pages, assets and errors", async () => {
  const problems = [];
  for (const path of ["/", TEMPLATES.news, "/khong-co-trang-nay/"]) {
    const h = (await fetch(SITE + path)).headers;
    const csp = h.get("content-security-policy") || "";
    if (!/script-src 'self'/.test(csp) || !/style-src 'self'/.test(csp) || /unsafe-inline/.test(csp)) problems.push(`${path}: CSP "${csp}"`);
    if (h.get("x-content-type-options") !== "nosniff") problems.push(`${path}: no nosniff`);
    if (!h.get("referrer-policy")) problems.push(`${path}: no Referrer-Policy`);
    if (!/max-age=\d{7,}/.test(h.get("strict-transport-security") || "")) problems.push(`${path}: no HSTS`);
  }
  assert(problems.length === 0, problems.join("\n"));
});

await test("deploy/nginx.conf: fingerprinted assets cached for a year, HTML for minutes, text gzipped", async () => {
  const css = pages.get("/").match(/href="(\/assets\/style\.[0-9a-f]{10}\.css)"/);
  assert(css, "the home page does not link a fingerprinted stylesheet");
  const asset = await fetch(SITE + css[1], { headers: { "accept-encoding": "gzip" } });
  assert(asset.status === 200, `${css[1]}: HTTP ${asset.status}`);
  assert(/max-age=31536000/.test(asset.headers.get("cache-control")) && /immutable/.test(asset.headers.get("cache-control")), `asset cache: ${asset.headers.get("cache-control")}`);
  const html = await fetch(SITE + "/", { headers: { "accept-encoding": "gzip" } });
  const cc = html.headers.get("cache-control") || "";
  const age = Number((cc.match(/max-age=(\d+)/) || [])[1]);
  assert(age > 0 && age <= 3600 && !/immutable/.test(cc), `HTML cache: ${cc}`);
  assert(html.headers.get("content-encoding") === "gzip", `HTML not gzipped: ${html.headers.get("content-encoding")}`);
  assert(/charset=utf-8/i.test(html.headers.get("content-type")), html.headers.get("content-type"));
});

await test("deploy/nginx.conf: plain HTTP redirects to HTTPS; the output marker is not served", async () => {
  const res = await fetch(HTTP_SITE + "/tin-tuc/", { redirect: "manual" });
  assert(res.status === 301 && /^https:\/\/.+\/tin-tuc\/$/.test(res.headers.get("location")), `HTTP ${res.status} → ${res.headers.get("location")}`);
  const marker = await fetch(SITE + "/.congkhai-output");
  assert(marker.status === 404, `/.congkhai-output: HTTP ${marker.status}`);
});

await test("the Content-Security-Policy bites: an inline script and style on a probe page are blocked", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(SITE + "/csp-probe.html", { waitUntil: "networkidle" });
    const facts = await page.evaluate(() => ({ title: document.title, color: getComputedStyle(document.getElementById("probe")).color }));
    assert(facts.title === "CSP probe", `inline script ran: title "${facts.title}"`);
    assert(facts.color !== "rgb(255, 0, 0)", "inline style applied");
    assert(page.cspViolations.length >= 2, `violations seen: ${page.cspViolations.length}`);
  });
});

// 2c. Valid HTML: every page of the default site, by the Nu Html Checker.
await test("Nu Html Checker: zero errors on every page of the default site", async () => {
  const errors = nuErrors(PUBLIC_DIR);
  assert(errors.length === 0, `${errors.length} errors:\n${errors.slice(0, 20).join("\n")}`);
});

await test("Nu Html Checker bites: it reports the errors of a deliberately broken page", async () => {
  const errors = nuErrors(new URL("./fixtures/invalid.html", import.meta.url).pathname);
  assert(errors.some((e) => /not allowed as child|Stray end tag|Duplicate ID/.test(e)), `not reported: ${errors.join("; ")}`);
});

// 3. Keyboard.
await test("keyboard: the first Tab reaches the skip link, which moves focus to the content, with a visible focus ring", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(SITE + "/", { waitUntil: "networkidle" });
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { cls: el.className, outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow, top: el.getBoundingClientRect().top };
    });
    assert(first.cls === "skip", `first Tab lands on "${first.cls}"`);
    assert(first.outline !== "none" && parseFloat(first.width) >= 2, `no visible focus ring (${first.outline} ${first.width})`);
    assert(first.top >= 0, "skip link stays off screen when focused");
    await page.keyboard.press("Enter");
    const target = await page.evaluate(() => document.activeElement.id || location.hash);
    assert(target === "noi-dung" || target === "#noi-dung", `focus went to ${target}`);
  });
});

await test("keyboard: the menu and the search box work without a mouse", async () => {
  await withPage(PHONE, async (page) => {
    await page.goto(SITE + "/", { waitUntil: "networkidle" });
    const reached = new Set();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      const el = await page.evaluate(() => ({ id: document.activeElement.id, text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute("href") }));
      reached.add(el.id || el.href || el.text);
      if (el.id === "site-q") break;
    }
    assert(reached.has("site-q"), "search box not reachable by Tab");
    await page.keyboard.type("nhap quoc tich");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/tim-kiem\//);
    await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0, null, { timeout: 5000 });
    const first = await page.locator("#search-results li a").first().textContent();
    assert(first === "Nhập quốc tịch Việt Nam", `first result: ${first}`);
    await page.goto(SITE + "/", { waitUntil: "networkidle" });
    const menu = await page.evaluate(() => [...document.querySelectorAll(".menu a")].map((a) => a.getAttribute("href")));
    assert(menu.includes("/thu-tuc-hanh-chinh/") && menu.every((h) => !h.startsWith("javascript")), "menu links");
  });
});

// 4. Weight of a news page on a phone.
await test("a news page transfers under 100 KB in total (HTML, CSS, JS, fonts)", async () => {
  await withPage(PHONE, async (page) => {
    let total = 0;
    const parts = [];
    page.on("response", async (res) => {
      try {
        const body = await res.body();
        total += body.length;
        parts.push(`${new URL(res.url()).pathname} ${body.length}`);
      } catch {}
    });
    await page.goto(SITE + TEMPLATES.news, { waitUntil: "networkidle" });
    await page.waitForTimeout(200);
    assert(total < 100 * 1024, `${total} bytes: ${parts.join(", ")}`);
    console.log(`     ${TEMPLATES.news}: ${total} bytes (${parts.length} responses)`);
  });
});

// 5. Screenshots for a person to look at.
await test("screenshots of home, a procedure and the tracker at phone and desktop widths", async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const name of ["home", "procedure", "tracker"]) {
    for (const [label, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
      await withPage(viewport, async (page) => {
        await page.goto(SITE + TEMPLATES[name], { waitUntil: "networkidle" });
        await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`), fullPage: true });
      });
    }
  }
  console.log(`     written to ${SHOTS}`);
});

// 6. Print: a procedure on A4 with its full content.
await test("a procedure page prints on A4 with every component and without the menu", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(SITE + TEMPLATES.procedure, { waitUntil: "networkidle" });
    await page.emulateMedia({ media: "print" });
    const shown = await page.evaluate(() => {
      const visible = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getBoundingClientRect().height > 0);
      return {
        menu: visible(".menu"),
        search: visible(".site-search"),
        parts: ["#trinh-tu", "#ho-so", "#can-cu-phap-ly", ".facts"].filter((s) => !visible(s)),
      };
    });
    assert(!shown.menu && !shown.search, "menu or search box printed");
    assert(shown.parts.length === 0, `missing in print: ${shown.parts.join(", ")}`);
    const pdf = await page.pdf({ format: "A4", printBackground: false });
    assert(pdf.length > 1000 && pdf.subarray(0, 4).toString() === "%PDF", "no PDF");
    mkdirSync(SHOTS, { recursive: true });
    await import("node:fs").then((fs) => fs.writeFileSync(join(SHOTS, "procedure-a4.pdf"), pdf));
  });
});

// 7. The checks bite: a deliberately broken page must fail them.
await test("axe finds the faults of a deliberately broken page (missing alt, low contrast, unlabelled input)", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(new URL("./fixtures/broken.html", import.meta.url).href);
    const ids = (await axe(page)).map((v) => v.split(":")[0]);
    for (const id of ["image-alt", "color-contrast", "label"]) assert(ids.includes(id), `axe did not report ${id}: ${ids.join(", ")}`);
  });
});

await browser.close();
finish("browser");
