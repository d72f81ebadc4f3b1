// The publishing server (`congkhai desk`) as an office uses it: a writer
// and an approver, each in their own browser, logging in through the form;
// the writer writes and submits, the approver approves, and nginx serves
// the page from the published folder. Run by run.sh with OFFICE_URL (the
// server), PUBLIC_URL (nginx serving its --publish folder); prints
// "office: N passed, M failed".
import { join } from "node:path";
import { chromium } from "playwright-core";
import { DESKTOP, PHONE, assert, axe, finish, test } from "./harness.mjs";

const BASE = process.env.OFFICE_URL;
const PUBLIC = process.env.PUBLIC_URL;
const SHOTS = process.env.SCREENSHOTS;
const TITLE = "Hội nghị giao ban công tác tư pháp tháng 11";
const SLUG = "hoi-nghi-giao-ban-cong-tac-tu-phap-thang-11";
const EDIT = `/__congkhai/desk/news/${SLUG}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

/// A new browser profile logged in as `login` through the login form.
async function as(login, password, viewport, fn) {
  const context = await browser.newContext({ viewport, locale: "vi-VN" });
  const page = await context.newPage();
  try {
    await page.goto(BASE + "/__congkhai/desk/");
    assert(page.url().endsWith("/__congkhai/desk/login"), `not sent to the login form: ${page.url()}`);
    await page.fill("#login", login);
    await page.fill("#password", password);
    await Promise.all([page.waitForURL(/\/__congkhai\/desk\/$/), page.click("button[type=submit]")]);
    return await fn(page);
  } finally {
    await context.close();
  }
}

await test("the login form says what went wrong in Vietnamese and passes axe", async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto(BASE + "/__congkhai/desk/login");
  const violations = await axe(page);
  assert(violations.length === 0, `axe: ${JSON.stringify(violations)}`);
  await page.fill("#login", "viet");
  await page.fill("#password", "sai-mat-khau");
  await page.click("button[type=submit]");
  const alert = await page.textContent("[role=alert]");
  assert(alert.includes("Tên đăng nhập hoặc mật khẩu không đúng"), `message: ${alert}`);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, "office-login.png") });
  await context.close();
});

await test("a writer saves and submits a post, and cannot approve it", async () => {
  await as("viet", "mat-khau-viet-1", DESKTOP, async (page) => {
    await page.goto(BASE + "/__congkhai/desk/news/new");
    await page.fill("#f-title", TITLE);
    await page.fill("#f-date", "2026-11-20 08:30");
    await page.selectOption("#f-category", { index: 1 });
    assert(!(await page.isChecked("#f-draft")), "a new item is not a draft: approval decides");
    await page.fill("#f-body", "Sáng 20/11, Sở Tư pháp tổ chức hội nghị giao ban.");
    await Promise.all([page.waitForURL(new RegExp(`${EDIT}\\?saved=1$`)), page.click("#desk-form button[type=submit]")]);
    assert((await page.textContent("#state")).startsWith("Bản nháp"), "the state line says draft");
    assert((await page.textContent("#saved")).includes("chưa được đăng"), "the save says it is not public");
    assert(!(await page.$("#approve")), "a writer sees no approve button");
    await page.click("#submit-review");
    await page.waitForFunction(() => document.getElementById("state").dataset.state === "pending");
    const res = await fetch(`${PUBLIC}/tin-tuc/${SLUG}/`);
    assert(res.status === 404, `not public before approval (${res.status})`);
    let violations = await axe(page);
    assert(violations.length === 0, `axe: ${JSON.stringify(violations)}`);
    // The list says where the new post stands: waiting, not public.
    await page.goto(BASE + "/__congkhai/desk/news/?q=" + encodeURIComponent(TITLE));
    const row = await page.textContent("table.cards tbody tr");
    assert(row.includes("Chờ duyệt") && row.includes("Chưa hiện trên trang") && !row.includes("Đã đăng"), `list row: ${row}`);
    violations = await axe(page);
    assert(violations.length === 0, `axe: ${JSON.stringify(violations)}`);
  });
});

await test("the approver approves it and nginx serves the page from the published folder", async () => {
  await as("duyet", "mat-khau-duyet-1", PHONE, async (page) => {
    await page.goto(BASE + EDIT);
    assert((await page.textContent("#state")).startsWith("Chờ duyệt"), "the approver sees it waiting");
    await page.click("#approve");
    await page.waitForFunction(() => document.getElementById("state").dataset.state === "approved");
    assert((await page.textContent("#saved")).includes("Đã duyệt và đăng"), "the approval is confirmed");
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "office-approved.png"), fullPage: true });
  });
  const res = await fetch(`${PUBLIC}/tin-tuc/${SLUG}/`);
  assert(res.status === 200, `the page is live (${res.status})`);
  assert((await res.text()).includes(TITLE), "with its title");
  await as("viet", "mat-khau-viet-1", DESKTOP, async (page) => {
    await page.goto(BASE + "/__congkhai/desk/news/?q=" + encodeURIComponent(TITLE));
    const row = await page.textContent("table.cards tbody tr");
    assert(row.includes("Đã đăng"), `after approval the list says: ${row}`);
  });
});

await test("an admin reads the audit log in the desk, which passes axe", async () => {
  await as("quantri", "mat-khau-quantri", PHONE, async (page) => {
    await page.click("text=Nhật ký hoạt động");
    await page.waitForURL(/\/__congkhai\/desk\/nhat-ky$/);
    const rows = await page.$$eval("tbody tr", (trs) => trs.map((tr) => tr.textContent));
    assert(rows.some((r) => r.includes("approve") && r.includes(SLUG)), `no approval in the log: ${rows.slice(0, 5)}`);
    const violations = await axe(page);
    assert(violations.length === 0, `axe: ${JSON.stringify(violations)}`);
  });
});

await browser.close();
finish("office");
