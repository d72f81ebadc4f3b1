// The editing desk as office staff use it: `congkhai serve` on a copy of
// the default site, driven by headless Chromium through its forms (mouse
// and keyboard alone), checked with axe-core at phone and desktop widths.
// Run by run.sh with DESK_URL and SITE_DIR; prints "N passed, M failed".
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { DESKTOP as DESKTOP_SIZE, assert, axe, finish, test } from "./harness.mjs";

const BASE = process.env.DESK_URL; // http://127.0.0.1:PORT
const LOGIN = process.env.DESK_LOGIN; // BASE/__congkhai/desk/?key=SECRET, printed at start-up
const SITE = process.env.SITE_DIR; // the served site's folder (a copy)
const SHOTS = process.env.SCREENSHOTS;
// Forms are long: taller windows than the site suite's.
const PHONE = { width: 360, height: 740 };
const DESKTOP = { ...DESKTOP_SIZE, height: 900 };

async function until(what, fn, ms = 15000) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
async function withPage(viewport, fn, { login = true } = {}) {
  const context = await browser.newContext({ viewport, locale: "vi-VN" });
  const page = await context.newPage();
  page.on("dialog", (d) => d.accept());
  page.cspViolations = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) page.cspViolations.push(msg.text().slice(0, 200));
  });
  // Every context is a new browser profile: log it in as staff do, by
  // opening the address printed at start-up.
  if (login) await page.goto(LOGIN);
  try {
    return await fn(page);
  } finally {
    await context.close();
  }
}
const postsThisMonth = async (page) => {
  await page.goto(BASE + "/__congkhai/desk/");
  const status = await page.textContent(".status");
  const m = status.match(/Tháng 11\/2026: đã đăng (\d+)/);
  assert(m, `no month status: ${status}`);
  return Number(m[1]);
};

await test("the desk shows the month's status and what needs attention", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(BASE + "/__congkhai/desk/");
    const status = await page.textContent(".status");
    assert(/^Tháng 11\/2026: đã đăng \d+/.test(status), status);
    const headings = await page.$$eval("h2", (hs) => hs.map((h) => h.textContent));
    for (const h of ["Phản ánh, kiến nghị sắp đến hạn hoặc quá hạn", "Nhiệm vụ kế hoạch quá hạn hoặc chưa cập nhật kết quả", "Nội dung"]) {
      assert(headings.includes(h), `missing heading ${h}: ${headings}`);
    }
    const overdue = await page.$$eval(".attention li a", (as) => as.map((a) => a.getAttribute("href")));
    assert(overdue.some((h) => h.startsWith("/__congkhai/desk/plans/")), `overdue tasks link to their plans: ${overdue}`);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "desk-home.png"), fullPage: false });
  });
});

await test("a news post created through the form appears in the preview and in the month's count", async () => {
  await withPage(DESKTOP, async (page) => {
    const before = await postsThisMonth(page);
    await page.goto(BASE + "/__congkhai/desk/news/new");
    await page.fill("#f-title", "Hội nghị triển khai công tác tư pháp tháng 11");
    await page.fill("#f-date", "2026-11-20 08:30");
    await page.selectOption("#f-category", { index: 1 });
    await page.uncheck("#f-draft");
    await page.fill("#f-body", "Sáng 20/11, Sở Tư pháp tổ chức **hội nghị**.");
    await until("the body preview", async () => (await page.innerHTML("#preview")).includes("<strong>hội nghị</strong>"));
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "desk-form.png"), fullPage: true });
    await Promise.all([page.waitForURL(/\/__congkhai\/desk\/news\/hoi-nghi-trien-khai-cong-tac-tu-phap-thang-11\?saved=1$/), page.click("button[type=submit]")]);
    assert((await page.textContent("#saved")).startsWith("Đã lưu"), "no saved notice");
    const file = join(SITE, "content/news/hoi-nghi-trien-khai-cong-tac-tu-phap-thang-11.md");
    assert(existsSync(file), "file not written");
    await until("the post in the preview", async () => (await fetch(BASE + "/tin-tuc/hoi-nghi-trien-khai-cong-tac-tu-phap-thang-11/")).status === 200);
    await until("the month's count", async () => (await postsThisMonth(page)) === before + 1);
    await page.goto(BASE + "/tin-tuc/hoi-nghi-trien-khai-cong-tac-tu-phap-thang-11/");
    await page.click("#congkhai-edit a");
    assert(page.url().endsWith("/__congkhai/desk/news/hoi-nghi-trien-khai-cong-tac-tu-phap-thang-11"), `edit link went to ${page.url()}`);
  });
});

await test("saving a post reloads the open page that shows it, and leaves pages it does not touch alone", async () => {
  const file = join(SITE, "content/news/tin-thu-tai-lai-trang.md");
  const post = (body) => `---\ntitle: "Tin thử tải lại trang"\ndate: 2026-11-02 08:00\ncategory: hoat-dong\n---\n${body}\n`;
  writeFileSync(file, post("Bản đầu."));
  await until("the new post in the preview", async () => (await fetch(BASE + "/tin-tuc/tin-thu-tai-lai-trang/")).status === 200);
  await withPage(DESKTOP, async (page) => {
    const other = await page.context().newPage();
    await page.goto(BASE + "/tin-tuc/tin-thu-tai-lai-trang/");
    await other.goto(BASE + "/gioi-thieu/");
    // A mark that a reload wipes out.
    for (const p of [page, other]) await p.evaluate(() => { window.__notReloaded = true; });
    writeFileSync(file, post("Bản đã sửa."));
    await until("the edited page to reload with the new text", async () => (await page.textContent("main")).includes("Bản đã sửa."));
    assert(!(await page.evaluate(() => window.__notReloaded)), "the page changed without a reload");
    await until("the rebuild to finish", async () => (await (await fetch(BASE + "/__congkhai/status")).json()).settled);
    await new Promise((r) => setTimeout(r, 300));
    assert(await other.evaluate(() => window.__notReloaded === true), "a page the edit does not touch was reloaded");
  });
});

await test("an impossible date is refused with the message beside the date field", async () => {
  await withPage(PHONE, async (page) => {
    await page.goto(BASE + "/__congkhai/desk/news/new");
    await page.fill("#f-title", "Ngày không có thật");
    await page.fill("#f-date", "2026-02-30");
    await page.click("button[type=submit]");
    await page.waitForSelector("#f-date-error:not([hidden])");
    const message = await page.textContent("#f-date-error");
    assert(message.includes("2026-02-30"), message);
    assert((await page.getAttribute("#f-date", "aria-invalid")) === "true", "the date field is not marked invalid");
    // The summary takes the focus; its line links to the field.
    assert(await page.evaluate(() => document.activeElement.id === "summary"), "focus is not on the summary");
    await page.click("#summary a[href='#f-date']");
    assert(await page.evaluate(() => document.activeElement.id === "f-date"), "the summary's link does not lead to the date field");
    assert(!existsSync(join(SITE, "content/news/ngay-khong-co-that.md")), "a file was written");
    const violations = await axe(page);
    assert(violations.length === 0, violations.join("\n"));
  });
});

await test("an attachment is uploaded beside the document and named in its field", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(BASE + "/__congkhai/desk/documents/new");
    await page.setInputFiles("#f-file-upload", { name: "Hướng dẫn số 20.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%test\n") });
    await until("the upload", async () => (await page.inputValue("#f-file")) === "huong-dan-so-20.pdf");
    assert(existsSync(join(SITE, "content/documents/huong-dan-so-20.pdf")), "attachment not stored beside the documents");
    await page.fill("#f-number", "20/HD-STP");
    await page.fill("#f-title", "Hướng dẫn thử nghiệm tải tệp");
    await page.selectOption("#f-kind", "Hướng dẫn");
    await page.fill("#f-date", "2026-11-20");
    await page.uncheck("#f-draft");
    await Promise.all([page.waitForURL(/saved=1$/), page.click("button[type=submit]")]);
    const text = readFileSync(join(SITE, "content/documents/huong-dan-thu-nghiem-tai-tep.md"), "utf8");
    assert(text.includes("file: huong-dan-so-20.pdf"), text);
  });
});

await test("a procedure's steps are edited as rows", async () => {
  await withPage(DESKTOP, async (page) => {
    const id = "quoc-tich-nhap";
    await page.goto(BASE + `/__congkhai/desk/procedures/${id}`);
    const steps = await page.$$eval('[data-list="steps"] > li input', (is) => is.map((i) => i.value));
    assert(steps.length > 1, `steps not shown as rows: ${steps}`);
    await page.click('button[data-add="steps"]');
    const focused = await page.evaluate(() => document.activeElement.closest('[data-list="steps"]') !== null);
    assert(focused, "the new row does not get the focus");
    await page.keyboard.type("Bước thử nghiệm thêm từ bàn soạn thảo");
    await page.click('[data-list="steps"] > li:first-child button.remove');
    await page.click("button[type=submit]");
    await page.waitForSelector("#saved:not([hidden])");
    const file = readdirSync(join(SITE, "content/procedures")).find((f) => f.startsWith(id));
    const text = readFileSync(join(SITE, "content/procedures", file), "utf8");
    assert(text.includes("- Bước thử nghiệm thêm từ bàn soạn thảo\n"), text);
    assert(!text.includes(`- ${steps[0]}\n`), "the removed row is still there");
    const violations = await axe(page);
    assert(violations.length === 0, violations.join("\n"));
  });
});

await test("an edit made on disk meanwhile stops the save and loses neither version", async () => {
  await withPage(DESKTOP, async (page) => {
    const rel = "content/news/hoi-nghi-trien-khai-cong-tac-tu-phap-thang-11.md";
    await page.goto(BASE + "/__congkhai/desk/news/hoi-nghi-trien-khai-cong-tac-tu-phap-thang-11");
    const onDisk = readFileSync(join(SITE, rel), "utf8").replace("**hội nghị**", "**hội nghị sơ kết**");
    writeFileSync(join(SITE, rel), onDisk);
    await page.fill("#f-title", "Tiêu đề sửa trên bàn soạn thảo");
    await page.click("button[type=submit]");
    await page.waitForSelector("#summary:not([hidden])");
    const summary = await page.textContent("#summary");
    assert(summary.includes("vừa được người khác sửa"), summary);
    assert(readFileSync(join(SITE, rel), "utf8") === onDisk, "the change on disk was overwritten");
    // The desk's version is kept on the server too, not only in the form.
    const kept = readdirSync(join(SITE, ".congkhai/conflicts"), { recursive: true }).filter((f) => String(f).endsWith("hoi-nghi-trien-khai-cong-tac-tu-phap-thang-11.md"));
    assert(kept.some((f) => readFileSync(join(SITE, ".congkhai/conflicts", String(f)), "utf8").includes("Tiêu đề sửa trên bàn soạn thảo")), "the desk's version was lost");
    assert((await page.inputValue("#f-title")) === "Tiêu đề sửa trên bàn soạn thảo", "the form lost the editor's text");
  });
});

await test("the desk works with the keyboard alone", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(BASE + "/__congkhai/desk/news/new");
    const tabTo = async (sel) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate((sel) => document.activeElement.matches(sel), sel)) return;
      }
      throw new Error(`Tab never reaches ${sel}`);
    };
    await tabTo("#f-title");
    await page.keyboard.type("Tin soạn bằng bàn phím");
    await tabTo("#f-date");
    await page.keyboard.type("2026-11-21");
    await tabTo("#f-category");
    await page.keyboard.press("ArrowDown");
    await tabTo('button[data-add="tags"]');
    await page.keyboard.press("Enter");
    assert(await page.evaluate(() => document.activeElement.closest('[data-list="tags"]') !== null), "a new tag row does not take the focus");
    await page.keyboard.type("bàn phím");
    await tabTo("#f-draft");
    await page.keyboard.press("Space");
    await tabTo("button[type=submit]");
    await Promise.all([page.waitForURL(/saved=1$/), page.keyboard.press("Enter")]);
    const text = readFileSync(join(SITE, "content/news/tin-soan-bang-ban-phim.md"), "utf8");
    assert(text.includes("tags:\n- bàn phím\n") && text.includes("draft: true"), text);
  });
});

for (const [name, viewport] of [["360 px", PHONE], ["1280 px", DESKTOP]]) {
  await test(`axe finds no violations on the desk's pages at ${name}`, async () => {
    await withPage(viewport, async (page) => {
      const problems = [];
      for (const path of ["/__congkhai/desk/", "/__congkhai/desk/news/", "/__congkhai/desk/news/?q=ph%C3%A1p&year=2026", "/__congkhai/desk/news/new", "/__congkhai/desk/plans/ke-hoach-khac-phuc-han-che-cchc-2026", "/__congkhai/desk/feedback/new", "/__congkhai/desk/consultations/new"]) {
        const res = await page.goto(BASE + path);
        if (res.status() !== 200) problems.push(`${path}: ${res.status()}`);
        for (const v of await axe(page)) problems.push(`${path}: ${v}`);
        if (viewport === PHONE) {
          const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
          if (wide) problems.push(`${path}: scrolls sideways at 360 px`);
        }
      }
      if (SHOTS && viewport === DESKTOP) {
        await page.goto(BASE + "/__congkhai/desk/news/");
        await page.screenshot({ path: join(SHOTS, "desk-list.png") });
      }
      assert(problems.length === 0, problems.join("\n"));
    });
  });
}

await test("without the start-up address the desk is closed (401), and the secret leaves the address bar", async () => {
  await withPage(DESKTOP, async (page) => {
    const res = await page.goto(BASE + "/__congkhai/desk/news/");
    assert(res.status() === 401, `status ${res.status()}`);
    assert((await page.textContent("h1")).includes("Bạn chưa đăng nhập"), await page.textContent("h1"));
    await page.goto(LOGIN);
    assert(page.url() === BASE + "/__congkhai/desk/", `after logging in: ${page.url()}`);
    const cookies = await page.context().cookies();
    const c = cookies.find((c) => c.name === "congkhai_desk");
    assert(c && c.httpOnly && c.sameSite === "Strict", JSON.stringify(cookies));
    assert(await page.evaluate(() => document.cookie) === "", "the session cookie is not readable by script");
  }, { login: false });
});

await test("another site cannot frame the desk (clickjacking on Xóa)", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.setContent(`<iframe id="f" src="${BASE}/__congkhai/desk/news/cap-nhat-van-ban-quy-pham-phap-luat-cua-tinh-len-co-so-05-2026" width="800" height="600"></iframe>`);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert(frame, "no frame");
    const inside = await frame.evaluate(() => document.querySelectorAll("button, form").length).catch(() => 0);
    assert(inside === 0, `the desk rendered inside a foreign frame (${inside} buttons or forms)`);
  });
});

await test("the desk's CSP stops inline script, so a hostile preview cannot run", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(BASE + "/__congkhai/desk/news/new");
    const body = page.locator("textarea[name=body]");
    await body.fill("# Tiêu đề {onmouseover=window.__pwned=1 style=position:fixed;inset:0}\n\n[x](javascript:window.__pwned=2)\n");
    await page.waitForTimeout(1200);
    const html = await page.$eval("#preview", (p) => p.innerHTML);
    assert(!/onmouseover|javascript:|style=/.test(html), `preview: ${html}`);
    await page.hover("#preview");
    // Even markup that slipped past the allow-list could not run: the
    // policy blocks inline handlers on the desk's origin.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML("beforeend", '<img id="probe" src="/nope.png" onerror="window.__pwned=3">');
    });
    await page.waitForTimeout(800);
    assert(await page.evaluate(() => window.__pwned) === undefined, "script ran");
    assert(page.cspViolations.length >= 1, "the CSP reported no blocked handler");
  });
});

await browser.close();
finish("desk");
