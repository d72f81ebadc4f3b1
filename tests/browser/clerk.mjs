// The desk as a new clerk meets it (issue: "The desk speaks to office
// staff"): Chromium in a vi-VN locale at 360 and 1280 px against
// `congkhai serve` on a copy of the default site. One check per point of
// the issue: Vietnamese messages all at once, nothing lost in the browser,
// the conflict screen, history and trash, honest status, pasted text,
// choices, dates, phones and help. Run by run.sh after desk.mjs, with the
// same DESK_URL, DESK_LOGIN and SITE_DIR; prints "clerk: N passed, M failed".
import { existsSync, readFileSync, readdirSync, writeFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { DESKTOP as DESKTOP_SIZE, assert, axe, finish, test } from "./harness.mjs";

const BASE = process.env.DESK_URL;
const LOGIN = process.env.DESK_LOGIN;
const SITE = process.env.SITE_DIR;
const SHOTS = process.env.SCREENSHOTS;
const PHONE = { width: 360, height: 740 };
const DESKTOP = { ...DESKTOP_SIZE, height: 900 };
const SIZES = [["360 px", PHONE], ["1280 px", DESKTOP]];
const DESK = BASE + "/__congkhai/desk/";
// Words staff must never read in the desk.
const JARGON = /`|yaml|site\.yaml|content\/|\.congkhai|YYYY|Markdown|slug|\bfield\b|undefined|Failed to fetch|Lỗi 40\d|tệp nội dung|thư mục/i;

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
  const context = await browser.newContext({ viewport, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
  const page = await context.newPage();
  page.dialogs = [];
  page.on("dialog", (d) => { page.dialogs.push(d.type()); d.accept(); });
  if (login) await page.goto(LOGIN);
  try {
    return await fn(page, context);
  } finally {
    await context.close();
  }
}
const shot = async (page, name, fullPage = false) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, name), fullPage });
};
const noJargon = (text, where) => assert(!JARGON.test(text), `${where} says ${text.match(JARGON)}: ${text}`);
const file = (rel) => readFileSync(join(SITE, rel), "utf8");
const save = (page) => page.click("button[type=submit]");
const savedAndReloaded = (page) => Promise.all([page.waitForURL(/\?saved=1$/), save(page)]);

// ---- 1, 2. Messages in Vietnamese, every problem of a save at once -------
for (const [size, viewport] of SIZES) {
  await test(`every problem of a save shows at once, in Vietnamese, beside its field (${size})`, async () => {
    await withPage(viewport, async (page) => {
      await page.goto(DESK + "news/new");
      await page.fill("#f-title", "");
      await page.fill("#f-date", "01-13-2026");
      await save(page);
      await page.waitForSelector("#summary:not([hidden])");
      for (const id of ["f-title", "f-date", "f-category"]) {
        assert(await page.isVisible(`#${id}-error`), `no message beside ${id}`);
        assert((await page.getAttribute(`#${id}`, "aria-invalid")) === "true", `${id} not marked invalid`);
      }
      const items = await page.$$eval("#summary li", (li) => li.map((l) => l.textContent));
      assert(items.length === 3, `problems listed: ${items.join(" | ")}`);
      assert(items.some((t) => t.includes("Chưa điền «Tiêu đề»")), items.join(" | "));
      assert(items.some((t) => t.includes("không có tháng 13")), items.join(" | "));
      assert(items.some((t) => t.includes("Chưa chọn «Chuyên mục»")), items.join(" | "));
      noJargon(await page.textContent("#summary"), "the summary");
      assert(await page.evaluate(() => document.activeElement.id === "summary"), "focus is not on the summary");
      if (viewport === PHONE) await shot(page, "clerk-problems-phone.png");
      const violations = await axe(page);
      assert(violations.length === 0, violations.join("\n"));
    });
  });
}

// ---- 3. Nothing lost in the browser --------------------------------------
await test("leaving a form with unsaved text asks first, and reopening it offers the text back", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(DESK + "news/new");
    await page.click("#f-title");
    await page.keyboard.type("Tin chưa kịp lưu");
    await page.fill("#f-body", "Đoạn văn quý giá chưa lưu.");
    await page.waitForTimeout(600);
    await page.goto(DESK);
    assert(page.dialogs.includes("beforeunload"), `no prompt on leaving: ${page.dialogs}`);
    await page.goto(DESK + "news/new");
    await page.waitForSelector("#restore:not([hidden])");
    noJargon(await page.textContent("#restore"), "the restore offer");
    await page.click("#restore-yes");
    assert((await page.inputValue("#f-title")) === "Tin chưa kịp lưu", "the title was not restored");
    assert((await page.inputValue("#f-body")) === "Đoạn văn quý giá chưa lưu.", "the body was not restored");
    await page.click("#restore-yes").catch(() => {});
    // Saved, the kept copy is forgotten.
    await page.selectOption("#f-category", { index: 1 });
    await savedAndReloaded(page);
    await page.goto(DESK + "news/new");
    await page.waitForTimeout(300);
    assert(await page.isHidden("#restore"), "a saved text is still offered back");
  });
});

await test("Lưu with the server unreachable says so in Vietnamese and keeps the text", async () => {
  await withPage(PHONE, async (page) => {
    await page.goto(DESK + "news/new");
    await page.fill("#f-title", "Tin soạn khi mất mạng");
    await page.route("**/__congkhai/api/items/**", (route) => route.abort("internetdisconnected"));
    await save(page);
    await page.waitForSelector("#summary:not([hidden])");
    const text = await page.textContent("#summary");
    assert(text.includes("Không kết nối được máy chủ"), text);
    noJargon(text, "the offline message");
    assert((await page.inputValue("#f-title")) === "Tin soạn khi mất mạng", "the text was lost");
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("congkhai-desk:")).length);
    assert(kept === 1, `the form is not kept in the browser (${kept})`);
  });
});

await test("after the session ends, Lưu says what to do, and the text comes back after logging in again", async () => {
  await withPage(DESKTOP, async (page, context) => {
    await page.goto(DESK + "news/new");
    await page.fill("#f-title", "Tin soạn khi phiên hết hạn");
    await page.fill("#f-body", "Nội dung không được mất.");
    await context.clearCookies();
    await save(page);
    await page.waitForSelector("#summary:not([hidden])");
    const text = await page.textContent("#summary");
    assert(text.includes("Phiên làm việc đã hết hạn"), text);
    noJargon(text, "the session message");
    await page.goto(LOGIN);
    await page.goto(DESK + "news/new");
    await page.waitForSelector("#restore:not([hidden])");
    await page.click("#restore-yes");
    assert((await page.inputValue("#f-body")) === "Nội dung không được mất.", "the text did not come back");
  });
});

const createPost = async (page, title, date, body) => {
  await page.goto(DESK + "news/new");
  await page.fill("#f-title", title);
  await page.fill("#f-date", date);
  await page.selectOption("#f-category", { index: 1 });
  if (body) await page.fill("#f-body", body);
  await savedAndReloaded(page);
  return page.url().replace(/\?.*$/, "");
};

for (const [size, viewport] of SIZES) {
  await test(`a conflict shows both versions field by field and the clerk combines them (${size})`, async () => {
    await withPage(viewport, async (page) => {
      const tag = size.replace(" ", "");
      const edit = await createPost(page, `Tin để thử xung đột ${tag}`, "15/11/2026", "Nội dung ban đầu.");
      const id = edit.split("/").pop();
      const rel = `content/news/${id}.md`;
      await page.goto(edit);
      // Someone else changes the body meanwhile; the clerk changes the title.
      writeFileSync(join(SITE, rel), file(rel).replace("Nội dung ban đầu.", "Nội dung người khác sửa."));
      await page.fill("#f-title", `Tiêu đề của tôi ${tag}`);
      await save(page);
      await page.waitForSelector("#conflict:not([hidden])");
      const legends = await page.$$eval("#conflict-rows legend", (ls) => ls.map((l) => l.textContent));
      assert(legends.includes("Tiêu đề") && legends.includes("Nội dung bài viết"), `rows: ${legends}`);
      const text = await page.textContent("#conflict");
      assert(text.includes("Nội dung người khác sửa.") && text.includes(`Tiêu đề của tôi ${tag}`), text);
      noJargon(text + (await page.textContent("#summary")), "the conflict screen");
      assert(file(rel).includes("Nội dung người khác sửa."), "the other change was overwritten");
      // Keep my title, take their body.
      const bodyRow = await page.$('#conflict-rows fieldset[data-name="body"]');
      await (await bodyRow.$('input[value="theirs"]')).check();
      if (viewport === DESKTOP) await shot(page, "clerk-conflict.png", true);
      const violations = await axe(page);
      assert(violations.length === 0, violations.join("\n"));
      await page.click("#conflict-apply");
      const taken = (await page.inputValue("#f-body")).trim();
      assert(taken === "Nội dung người khác sửa.", `their body was not taken: ${JSON.stringify(taken)}`);
      await save(page);
      await page.waitForSelector("#saved:not([hidden])");
      const saved = file(rel);
      assert(saved.includes(`title: Tiêu đề của tôi ${tag}`) && saved.includes("Nội dung người khác sửa."), saved);
    });
  });
}

await test("saving an item deleted meanwhile keeps the text and creates it again on request", async () => {
  await withPage(DESKTOP, async (page) => {
    const edit = await createPost(page, "Tin sẽ bị xóa ngoài ý muốn", "16/11/2026", "Bản đầu.");
    const id = edit.split("/").pop();
    await page.goto(edit);
    unlinkSync(join(SITE, `content/news/${id}.md`));
    await page.fill("#f-body", "Bản sửa quý giá.");
    await save(page);
    await page.waitForSelector("#summary:not([hidden])");
    const text = await page.textContent("#summary");
    assert(text.includes("Mục này không còn"), text);
    noJargon(text, "the deleted message");
    await Promise.all([page.waitForURL(/saved=1$/), page.click("#summary button:has-text('Tạo lại mục này')")]);
    assert(file(`content/news/${id}.md`).includes("Bản sửa quý giá."), "not created again");
  });
});

await test("an item's history and the trash are listed, compared and restored in the desk", async () => {
  await withPage(DESKTOP, async (page) => {
    const edit = await createPost(page, "Tin có lịch sử sửa đổi", "17/11/2026", "Bản thứ nhất.");
    const id = edit.split("/").pop();
    const rel = `content/news/${id}.md`;
    await page.goto(edit);
    await page.fill("#f-body", "Bản thứ hai.");
    await save(page);
    await page.waitForSelector("#saved:not([hidden])");
    await page.click("text=Lịch sử sửa đổi");
    const entries = await page.$$("ul.versions li");
    assert(entries.length >= 1, "no earlier version listed");
    await page.click("ul.versions li:first-child >> text=So sánh");
    const changed = await page.$$eval("table.compare tr.changed th", (th) => th.map((t) => t.textContent));
    assert(changed.some((t) => t.startsWith("Nội dung bài viết")), `changed rows: ${changed}`);
    await shot(page, "clerk-history.png", true);
    let violations = await axe(page);
    assert(violations.length === 0, violations.join("\n"));
    await page.click("text=Khôi phục bản này");
    assert((await page.textContent(".restoring")).includes("Bấm «Lưu» để khôi phục"), "no restoring notice");
    const held = (await page.inputValue("#f-body")).trim();
    assert(held === "Bản thứ nhất.", `the form does not hold the old version: ${JSON.stringify(held)} at ${page.url()}`);
    await save(page);
    await page.waitForSelector("#saved:not([hidden])");
    assert(file(rel).includes("Bản thứ nhất."), "not restored");
    // Deleted, then taken back out of the trash at the same address.
    await page.goto(edit);
    await Promise.all([page.waitForURL(/deleted=/), page.click("#delete")]);
    assert(!existsSync(join(SITE, rel)), "not deleted");
    await page.click(".notice a:has-text('Thùng rác')");
    const trashed = await page.textContent("ul.versions");
    assert(trashed.includes("Tin có lịch sử sửa đổi"), trashed);
    violations = await axe(page);
    assert(violations.length === 0, violations.join("\n"));
    await page.click("ul.versions li:has-text('Tin có lịch sử sửa đổi') >> text=Khôi phục");
    await savedAndReloaded(page);
    assert(file(rel).includes("Bản thứ nhất."), "not restored from the trash");
  });
});

// ---- 4. Attachments on posts ----------------------------------------------
for (const [size, viewport] of SIZES) {
await test(`a post carries a PDF: uploaded, listed with type and size, and a link to a missing file is refused (${size})`, async () => {
  await withPage(viewport, async (page) => {
    const tag = size.replace(" ", "");
    await page.goto(DESK + "news/new");
    await page.fill("#f-title", `Tin có giấy mời kèm theo ${tag}`);
    await page.fill("#f-date", "18/11/2026 10:00");
    await page.selectOption("#f-category", { index: 1 });
    await page.setInputFiles("#f-files-upload", { name: `Giấy mời hội nghị ${tag}.pdf`, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%giay moi\n") });
    await until("the upload", async () => (await page.$$eval("[data-list='files'] input[data-item]", (is) => is.map((i) => i.value))).includes(`giay-moi-hoi-nghi-${tag}.pdf`));
    await page.fill("#f-body", `Kính mời dự hội nghị: xem [giấy mời](giay-moi-hoi-nghi-${tag}.pdf) và [chương trình](chuong-trinh.pdf).`);
    await save(page);
    await page.waitForSelector("#f-body-error:not([hidden])");
    const said = await page.textContent("#f-body-error");
    assert(said.includes("«chuong-trinh.pdf»") && said.includes("Tải tệp lên"), said);
    noJargon(said, "the missing file message");
    await page.fill("#f-body", `Kính mời dự hội nghị: xem [giấy mời](giay-moi-hoi-nghi-${tag}.pdf).`);
    await savedAndReloaded(page);
    await page.locator("[data-field='files']").screenshot({ path: SHOTS ? join(SHOTS, `clerk-attachments-${tag}.png`) : "/dev/null" });
    const url = BASE + `/tin-tuc/tin-co-giay-moi-kem-theo-${tag}/`;
    await until("the page", async () => (await fetch(url)).status === 200);
    const html = await (await fetch(url)).text();
    assert(new RegExp(`Tệp đính kèm[\\s\\S]*giay-moi-hoi-nghi-${tag}\\.pdf \\(PDF, \\d+ KB\\)`).test(html), "the file is not listed with its type and size");
    // Files are written after the pages, in the same rebuild.
    await until("the PDF beside the post", async () => (await fetch(url + `giay-moi-hoi-nghi-${tag}.pdf`)).status === 200, 5000);
  });
});
}

// ---- 5. Honest status ------------------------------------------------------
for (const [size, viewport] of SIZES) {
  await test(`status says Bản nháp, Hẹn đăng or Đã đăng, and what happens next (${size})`, async () => {
    await withPage(viewport, async (page) => {
      const tag = size.replace(" ", "");
      await page.goto(DESK + "news/new");
      assert(!(await page.isChecked("#f-draft")), "a new post starts as a draft");
      const help = await page.textContent("#f-draft-help");
      assert(help.includes("không hiện trên Trang thông tin điện tử"), help);
      // Dated after the preview's day: scheduled, not "Đã đăng".
      const edit = await createPost(page, `Tin hẹn giờ đăng ${tag}`, "20/12/2026 08:00");
      const saved = await page.textContent("#saved");
      assert(saved.includes("Hẹn đăng 08:00 20/12/2026. Mục sẽ tự hiện"), saved);
      assert(await page.evaluate(() => document.activeElement.id === "saved"), "focus is not on the message");
      assert((await page.textContent("#standing")).includes("Hẹn đăng 08:00 20/12/2026"), await page.textContent("#standing"));
      const id = edit.split("/").pop();
      const res = await page.request.get(BASE + "/__congkhai/api/items/news");
      const items = (await res.json()).items;
      const mine = items.find((i) => i.id === id);
      assert(mine.status === "scheduled" && mine.status_label === "Hẹn đăng 08:00 20/12/2026", JSON.stringify(mine));
      const allowed = new Set(["published", "draft", "scheduled", "pending", "returned", "unanswered", "unreadable"]);
      assert(items.every((i) => allowed.has(i.status)), "a status outside the list");
      await page.goto(DESK + "news/?q=" + encodeURIComponent(`Tin hẹn giờ đăng ${tag}`));
      const row = await page.textContent("table.cards tbody tr");
      assert(row.includes("Hẹn đăng 08:00 20/12/2026") && !row.includes("Đã đăng"), row);
      assert(row.includes("20/12/2026 08:00") && !row.includes("T08:00"), row);
      assert(row.includes("Chưa hiện trên trang"), row);
      // A draft says so, and what to do.
      await page.goto(edit);
      await page.check("#f-draft");
      await save(page);
      await page.waitForSelector("#saved:not([hidden])");
      assert((await page.textContent("#saved")).includes("Bản nháp. Mục chưa hiện trên Trang thông tin điện tử"), await page.textContent("#saved"));
      if (viewport === PHONE) await shot(page, "clerk-status-phone.png");
    });
  });
}

await test("a save's warnings are shown in Vietnamese with the saved message", async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(DESK + "feedback/new");
    await page.fill("#f-code", "PAKN-THU-CANH-BAO");
    await page.fill("#f-received", "10/11/2026");
    await page.fill("#f-subject", "Hỏi về thủ tục, thử lời cảnh báo");
    await page.fill("#f-content", "Đề nghị hướng dẫn thủ tục.");
    await page.fill("#f-unit", "Văn phòng Sở");
    await page.fill("#f-answer", "Kính gửi ông Trần Văn Bình, Sở đã hướng dẫn thủ tục.");
    await page.fill("#f-answered", "12/11/2026");
    await savedAndReloaded(page);
    const saved = await page.textContent("#saved");
    assert(saved.includes("Lưu ý: «Nội dung trả lời» nêu tên «Trần Văn Bình» sau lời xưng hô"), saved);
    noJargon(saved, "the warning");
  });
});

// ---- 6. Pasted text --------------------------------------------------------
for (const [size, viewport] of SIZES) {
await test(`text pasted from Word is published composed, without invisible characters, bullets as a list (${size})`, async () => {
  await withPage(viewport, async (page) => {
    const tag = size.replace(" ", "");
    await page.goto(DESK + "news/new");
    const pasted = `\u{FEFF}Hội\u{00A0}nghi\u{0323}\u{200B} dán từ Word ${tag}`;
    await page.fill("#f-title", pasted);
    await page.fill("#f-date", "18/11/2026 09:00");
    await page.selectOption("#f-category", { index: 1 });
    await page.fill("#f-body", "Nội dung gồm:\n•\tThứ nhất\n•\tThứ hai\n");
    await until("the list in the preview", async () => (await page.innerHTML("#preview")).includes("<li>Thứ nhất</li>"));
    await page.locator(".field.body").screenshot({ path: SHOTS ? join(SHOTS, `clerk-paste-${tag}.png`) : "/dev/null" });
    assert((await page.textContent("#f-title-count")).includes("/250 ký tự"), "no character count");
    await savedAndReloaded(page);
    const id = page.url().replace(/\?.*$/, "").split("/").pop();
    const text = file(`content/news/${id}.md`);
    assert(text.includes(`title: Hội nghị dán từ Word ${tag}\n`) && text.includes("- Thứ nhất\n- Thứ hai"), text);
    await until("the page", async () => (await fetch(BASE + `/tin-tuc/${id}/`)).status === 200);
    const html = await (await fetch(BASE + `/tin-tuc/${id}/`)).text();
    const h1 = html.match(/<h1[^>]*>([^<]*)<\/h1>/)[1];
    assert(h1 === `Hội nghị dán từ Word ${tag}`, JSON.stringify(h1));
    assert(html.includes("<li>Thứ nhất</li>"), "the bullets are not a list on the page");
  });
});
}

// ---- 7, 8. Choices and dates -------------------------------------------------
for (const [size, viewport] of SIZES) {
await test(`the document kind is a standard list with Khác, and a date typed 1/12/2026 is filed under 2026 (${size})`, async () => {
  await withPage(viewport, async (page) => {
    const tag = size.replace(" ", "");
    await page.goto(DESK + "documents/new");
    const kinds = await page.$$eval("#f-kind option", (os) => os.map((o) => o.textContent));
    for (const k of ["Công văn", "Hướng dẫn", "Quyết định", "Thông báo", "Kế hoạch", "Khác (ghi rõ)"]) assert(kinds.includes(k), `no ${k} in ${kinds}`);
    assert(await page.isHidden("#f-kind-other"), "the other kind's line shows before Khác is chosen");
    await page.selectOption("#f-kind", { label: "Khác (ghi rõ)" });
    await page.fill("#f-kind-other", "Giấy mời");
    await page.locator("[data-field='kind']").screenshot({ path: SHOTS ? join(SHOTS, `clerk-kind-${tag}.png`) : "/dev/null" });
    await page.fill("#f-number", `99/GM-STP-${tag}`);
    await page.fill("#f-title", `Giấy mời dự hội nghị thử nghiệm ${tag}`);
    await page.fill("#f-date", "1/12/2026");
    await savedAndReloaded(page);
    const id = page.url().replace(/\?.*$/, "").split("/").pop();
    const text = file(`content/documents/${id}.md`);
    assert(text.includes("kind: Giấy mời") && text.includes("date: 2026-12-01"), text);
    assert((await page.inputValue("#f-date")) === "01/12/2026", await page.inputValue("#f-date"));
    assert((await page.inputValue("#f-kind-other")) === "Giấy mời", "the other kind is not shown back");
    await page.goto(DESK + "documents/");
    const years = await page.$$eval("#year option", (os) => os.map((o) => o.textContent));
    assert(!years.some((y) => y.includes("/")), `years: ${years}`);
    const dates = await page.$$eval("td[data-label='Ngày']", (td) => td.map((t) => t.textContent));
    assert(dates.every((d) => /^\d{2}\/\d{2}\/\d{4}$|^$/.test(d)), `dates: ${dates.slice(0, 5)}`);
    const groups = await page.$$eval("#group option", (os) => os.map((o) => o.textContent));
    assert(groups.every((g) => !/^[a-z-]+$/.test(g)), `group labels: ${groups}`);
    await page.goto(DESK + "plans/ke-hoach-khac-phuc-han-che-cchc-2026");
    assert(await page.$("select#f-tasks-0-status"), "the task status is not a choice");
  });
});
}

// ---- 9. Phones -----------------------------------------------------------
await test("at 360 px lists are cards, targets are 44 px, and the edit link covers no heading", async () => {
  await withPage(PHONE, async (page) => {
    await page.goto(DESK + "news/");
    const rows = await page.$$eval("table.cards tbody tr", (trs) => trs.map((tr) => getComputedStyle(tr).display));
    assert(rows.length > 10 && rows.every((d) => d === "block"), `rows are not cards: ${rows.slice(0, 3)}`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert(height < rows.length * 260, `${rows.length} cards are ${height} px high`);
    const clipped = await page.$$eval("td.state", (tds) => tds.filter((td) => td.getBoundingClientRect().right > window.innerWidth).length);
    assert(clipped === 0, `${clipped} statuses cut off`);
    await shot(page, "clerk-list-phone.png");
    const small = [];
    for (const path of ["", "news/", "news/new", "documents/new", "huong-dan"]) {
      await page.goto(DESK + path);
      small.push(...(await page.evaluate(() => {
        const out = [];
        for (const el of document.querySelectorAll("main a, main button, main input, main select, main textarea, .top a, .top button")) {
          if (el.closest(".visually-hidden, template, [hidden], .help, .notice, .preview, .guide td")) continue;
          let box = el.getBoundingClientRect();
          if (el.type === "checkbox" || el.type === "radio") box = el.closest(".field, .side").getBoundingClientRect();
          if (el.type === "file") continue;
          if (box.width === 0) continue;
          if (box.height < 43.5) out.push(`${location.pathname} ${el.tagName} ${(el.textContent || el.id).trim().slice(0, 30)}: ${Math.round(box.height)} px`);
        }
        return out;
      })));
    }
    assert(small.length === 0, small.slice(0, 10).join("\n"));
    await page.goto(BASE + "/tin-tuc/ra-soat-cat-giam-thoi-han-giai-quyet-thu-tuc-hanh-chinh-11-2026/");
    const overlap = await page.evaluate(() => {
      const bar = document.getElementById("congkhai-edit").getBoundingClientRect();
      const h1 = document.querySelector("h1").getBoundingClientRect();
      return bar.bottom > h1.top && bar.top < h1.bottom;
    });
    assert(!overlap, "Sửa trang này covers the heading");
  });
});

await test("a form is completed with Tab, Enter and Space alone, and the message takes the focus", async () => {
  await withPage(PHONE, async (page) => {
    await page.goto(DESK + "news/new");
    const tabTo = async (sel) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate((sel) => document.activeElement.matches(sel), sel)) return;
      }
      throw new Error(`Tab never reaches ${sel}`);
    };
    await tabTo("#f-title");
    await page.keyboard.type("Tin soạn bằng bàn phím trên điện thoại");
    await tabTo("#f-date");
    await page.keyboard.type("19/11/2026 07:30");
    await tabTo("#f-category");
    await page.keyboard.press("ArrowDown");
    await tabTo("#f-draft");
    await page.keyboard.press("Space");
    await tabTo("button[type=submit]");
    await Promise.all([page.waitForURL(/saved=1$/), page.keyboard.press("Enter")]);
    assert(await page.evaluate(() => document.activeElement.id === "saved"), `focus on ${await page.evaluate(() => document.activeElement.id)}`);
    const text = file("content/news/tin-soan-bang-ban-phim-tren-dien-thoai.md");
    assert(text.includes("date: 2026-11-19 07:30") && text.includes("draft: true"), text);
  });
});

// ---- 10. Help, and axe on every desk page ------------------------------------
for (const [size, viewport] of SIZES) {
await test(`help speaks to staff and the formatting guide is in the desk (${size})`, async () => {
  await withPage(viewport, async (page) => {
    const tag = size.replace(" ", "");
    for (const kind of ["news", "documents", "plans", "procedures", "feedback", "consultations", "pages"]) {
      await page.goto(DESK + kind + "/new");
      const help = (await page.$$eval(".help", (ps) => ps.map((p) => p.textContent))).join(" ");
      noJargon(help, `${kind} help`);
    }
    await page.click("text=Hướng dẫn soạn thảo");
    assert((await page.textContent("h1")) === "Hướng dẫn soạn thảo", await page.textContent("h1"));
    noJargon(await page.textContent("main"), "the guide");
    await shot(page, `clerk-guide-${tag}.png`, true);
  });
});
}

for (const [size, viewport] of SIZES) {
  await test(`axe finds no violations on any desk page (${size})`, async () => {
    await withPage(viewport, async (page) => {
      const problems = [];
      const paths = ["", "huong-dan", "thung-rac/news", "lich-su/news/ra-soat-cat-giam-thoi-han-giai-quyet-thu-tuc-hanh-chinh-11-2026"];
      for (const kind of ["news", "documents", "plans", "procedures", "feedback", "consultations", "pages"]) {
        paths.push(kind + "/", kind + "/new");
        const first = readdirSync(join(SITE, "content", kind)).find((f) => /\.(md|yaml)$/.test(f));
        if (first) paths.push(kind + "/" + first.replace(/\.(md|yaml)$/, ""));
      }
      for (const path of paths) {
        const res = await page.goto(DESK + path);
        if (res.status() !== 200) problems.push(`${path}: ${res.status()}`);
        for (const v of await axe(page)) problems.push(`${path}: ${v}`);
        if (viewport === PHONE && (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1))) {
          problems.push(`${path}: scrolls sideways at 360 px`);
        }
        noJargon(await page.textContent("main"), path);
      }
      if (viewport === PHONE) {
        await page.goto(DESK + "news/new");
        await shot(page, "clerk-form-phone.png", true);
      }
      assert(problems.length === 0, problems.join("\n"));
    });
  });
}

await browser.close();
finish("clerk");
