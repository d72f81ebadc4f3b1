// congkhai's editing desk: saves forms through the desk's JSON API,
// shows the build's problems beside the fields they concern, adds and
// removes repeatable rows, uploads attachments and previews the body.
// Nothing typed is lost: the form is kept in the browser's storage until
// it is saved, offered back when it is reopened, and a save that fails
// (no network, an expired session, a conflict) says so and keeps it.
(() => {
  "use strict";
  const form = document.getElementById("desk-form");
  if (!form) return;
  const token = document.querySelector('meta[name="congkhai-token"]').content;
  const kind = form.dataset.kind;
  const api = "/__congkhai/api";
  const summary = document.getElementById("summary");
  const saved = document.getElementById("saved");
  const stored = "congkhai-desk:" + location.pathname;

  // ---- Talking to the server -----------------------------------------
  const OFFLINE = {
    message: "Không kết nối được máy chủ.",
    hint: "Nội dung vẫn còn trong biểu mẫu và được giữ trong trình duyệt. Kiểm tra mạng rồi bấm «Lưu» lại.",
  };
  const SESSION = {
    message: "Phiên làm việc đã hết hạn hoặc máy chủ vừa khởi động lại.",
    hint: "Nội dung đang soạn được giữ trong trình duyệt. Đăng nhập lại (hoặc mở lại đường dẫn của bàn soạn thảo), mở lại mục này rồi bấm «Khôi phục nội dung chưa lưu».",
  };
  const send = async (method, url, body) => {
    const headers = { "X-Congkhai-Token": token };
    if (!(body instanceof FormData)) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: body instanceof FormData ? body : JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch (_) {
      return { status: 0, data: { problems: [OFFLINE] } };
    }
    let data = {};
    try { data = await res.json(); } catch (_) { data = {}; }
    if (!data.problems && data.error) data.problems = [{ message: data.error, hint: data.hint || "" }];
    if (res.status === 401 || res.status === 403) data.problems = [SESSION];
    if (!data.problems) data.problems = [{ message: "Máy chủ gặp lỗi (mã " + res.status + ").", hint: OFFLINE.hint }];
    return { status: res.status, data };
  };

  // ---- Reading the form into {fields, body} -------------------------
  const children = (el, selector) =>
    Array.from(el.children).filter((c) => c.matches(selector));
  const fieldsOf = (container) => {
    const out = {};
    for (const field of children(container, ".field[data-field]")) {
      const name = field.dataset.field;
      if (name === "body") continue;
      out[name] = valueOf(field);
    }
    return out;
  };
  const controlOf = (field) => field.querySelector(":scope > input:not([type=file]), :scope > select, :scope > textarea");
  const valueOf = (field) => {
    const type = field.dataset.type;
    if (type === "bool") return field.querySelector("input[type=checkbox]").checked;
    if (type === "list" || type === "attachments") {
      const list = field.querySelector("ol.rows");
      return children(list, "li.row")
        .map((li) => li.querySelector("input[data-item]").value.trim())
        .filter((v) => v !== "");
    }
    if (type === "rows") {
      const list = field.querySelector("ol.records");
      return children(list, "li.record")
        .map((li) => fieldsOf(li.querySelector("fieldset")))
        .filter((row) => Object.values(row).some((v) => v !== "" && v !== false && !(Array.isArray(v) && v.length === 0)));
    }
    if (type === "group") return fieldsOf(field.querySelector("fieldset[data-group]"));
    const input = controlOf(field);
    if (!input) return "";
    if (input.tagName === "SELECT" && input.selectedOptions[0] && input.selectedOptions[0].hasAttribute("data-other")) {
      return document.getElementById(input.id + "-other").value;
    }
    // A date shown day first and not edited goes back as the file has it.
    if (input.dataset.iso && input.value === input.defaultValue) return input.dataset.iso;
    return input.value;
  };
  const read = () => {
    const body = document.getElementById("f-body");
    return { fields: fieldsOf(form), body: body ? body.value : "" };
  };

  // ---- Writing values back into the form (restore, conflict) --------
  const addRow = (field) => {
    field.querySelector(":scope > fieldset > button[data-add]").click();
    const list = field.querySelector(":scope > fieldset > ol");
    return list.lastElementChild;
  };
  const fillFields = (container, values) => {
    for (const field of children(container, ".field[data-field]")) {
      const name = field.dataset.field;
      if (name === "body" || !(name in values)) continue;
      fillField(field, values[name]);
    }
  };
  const fillField = (field, value) => {
    const type = field.dataset.type;
    if (type === "bool") { field.querySelector("input[type=checkbox]").checked = !!value; return; }
    if (type === "list" || type === "attachments" || type === "rows") {
      const list = field.querySelector(":scope > fieldset > ol");
      list.replaceChildren();
      for (const item of Array.isArray(value) ? value : []) {
        const row = addRow(field);
        if (type === "rows") fillFields(row.querySelector("fieldset"), item || {});
        else row.querySelector("input[data-item]").value = item;
      }
      return;
    }
    if (type === "group") { fillFields(field.querySelector("fieldset[data-group]"), value || {}); return; }
    const input = controlOf(field);
    if (!input) return;
    const text = value == null ? "" : String(value);
    if (input.tagName === "SELECT") {
      const known = Array.from(input.options).some((o) => o.value === text && !o.hasAttribute("data-other"));
      const other = input.querySelector("option[data-other]");
      if (known || !other || text === "") { input.value = text; if (!known && text && !other) { input.add(new Option(text, text, true, true)); } }
      else { other.selected = true; document.getElementById(input.id + "-other").value = text; }
      showOther(input);
      return;
    }
    input.value = text;
  };
  const fill = (item) => {
    fillFields(form, item.fields || {});
    const body = document.getElementById("f-body");
    if (body) { body.value = item.body || ""; body.dispatchEvent(new Event("input")); }
  };

  // ---- Kept in the browser until saved ------------------------------
  const snapshot = () => JSON.stringify(read());
  let clean = snapshot();
  const dirty = () => snapshot() !== clean;
  const keep = () => {
    try {
      if (dirty()) localStorage.setItem(stored, JSON.stringify({ at: Date.now(), version: form.dataset.version, item: read() }));
      else localStorage.removeItem(stored);
    } catch (_) { /* storage full or off: the prompt on leaving still guards */ }
  };
  const forget = () => { try { localStorage.removeItem(stored); } catch (_) {} };
  let keepTimer = null;
  form.addEventListener("input", () => { clearTimeout(keepTimer); keepTimer = setTimeout(keep, 400); });
  form.addEventListener("change", () => { clearTimeout(keepTimer); keepTimer = setTimeout(keep, 400); });
  window.addEventListener("beforeunload", (event) => {
    if (!dirty()) return;
    keep();
    event.preventDefault();
    event.returnValue = "";
  });
  const offerRestore = () => {
    let kept = null;
    try { kept = JSON.parse(localStorage.getItem(stored) || "null"); } catch (_) { kept = null; }
    if (!kept || !kept.item || JSON.stringify(kept.item) === clean) return;
    const box = document.getElementById("restore");
    const when = new Date(kept.at);
    const two = (n) => String(n).padStart(2, "0");
    document.getElementById("restore-text").textContent =
      "Trình duyệt còn giữ nội dung bạn soạn lúc " + two(when.getHours()) + ":" + two(when.getMinutes()) + " ngày " +
      two(when.getDate()) + "/" + two(when.getMonth() + 1) + "/" + when.getFullYear() + " nhưng chưa được lưu.";
    box.hidden = false;
    form.before(box);
    document.getElementById("restore-yes").addEventListener("click", () => {
      fill(kept.item);
      box.hidden = true;
      tell("Đã khôi phục nội dung chưa lưu. Kiểm tra lại rồi bấm «Lưu».");
      keep();
    });
    document.getElementById("restore-no").addEventListener("click", () => {
      forget();
      box.hidden = true;
      tell("Đã bỏ nội dung chưa lưu; biểu mẫu giữ bản đã lưu.");
    });
  };

  // ---- Problems beside their fields -----------------------------------
  const clear = () => {
    summary.hidden = true;
    summary.textContent = "";
    for (const p of form.querySelectorAll("p.error")) { p.hidden = true; p.textContent = ""; }
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  };
  const text = (p) => p.message + (p.hint ? " " + p.hint : "");
  const show = (problems, heading) => {
    clear();
    saved.hidden = true;
    let first = null;
    for (const p of problems) {
      const field = p.field && children(form, ".field[data-field]").find((f) => f.dataset.field === p.field);
      const error = field && field.querySelector(":scope > p.error");
      if (!error) continue;
      error.hidden = false;
      error.textContent = (error.textContent ? error.textContent + " " : "") + text(p);
      const control = field.querySelector("input:not([type=file]), select, textarea");
      if (control) control.setAttribute("aria-invalid", "true");
      first = first || control || field;
    }
    const h = document.createElement("h2");
    h.textContent = heading;
    summary.append(h);
    const ul = document.createElement("ul");
    for (const p of problems) {
      const li = document.createElement("li");
      const field = p.field && children(form, ".field[data-field]").find((f) => f.dataset.field === p.field);
      const control = field && field.querySelector("input:not([type=file]), select, textarea");
      if (control && control.id) {
        // Each line leads to its field, as in an error summary.
        const a = document.createElement("a");
        a.href = "#" + control.id;
        a.textContent = text(p);
        a.addEventListener("click", (e) => { e.preventDefault(); control.focus(); });
        li.append(a);
      } else {
        li.textContent = text(p);
      }
      ul.append(li);
    }
    summary.append(ul);
    summary.hidden = false;
    summary.setAttribute("role", "alert");
    summary.focus();
    return first;
  };
  // A message in the status line, which takes the focus (so a screen
  // reader reads it and a keyboard user is next to it).
  const tell = (message, warnings) => {
    saved.textContent = message;
    // What the save accepted but asks a look at (a name after "ông", "bà").
    for (const w of warnings || []) {
      const p = document.createElement("p");
      p.className = "warning";
      p.textContent = "Lưu ý: " + text(w);
      saved.append(p);
    }
    saved.hidden = false;
    saved.focus();
  };

  // ---- Saving ----------------------------------------------------------
  const conflictBox = document.getElementById("conflict");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    saved.hidden = true;
    keep();
    const item = read();
    const id = form.dataset.id;
    let res;
    if (id) {
      item.version = form.dataset.version;
      res = await send("PUT", api + "/items/" + kind + "/" + id, item);
    } else {
      res = await send("POST", api + "/items/" + kind, item);
    }
    if (res.status === 201) {
      forget();
      clean = snapshot();
      const s = res.data.saved || {};
      try {
        sessionStorage.setItem("congkhai-desk-next", s.status_label ? s.status_label + ". " + s.next : "");
        sessionStorage.setItem("congkhai-desk-warnings", JSON.stringify(res.data.warnings || []));
      } catch (_) {}
      location.href = res.data.edit + "?saved=1";
      return;
    }
    if (res.status === 200) {
      clear();
      forget();
      clean = snapshot();
      conflictBox.hidden = true;
      if (res.data.state === "draft") {
        // The publishing server: a revision, not yet public.
        setState("draft", "Bản nháp: chưa gửi duyệt, chưa đăng.");
        tell("Đã lưu bản nháp của bạn. Bản này chưa được đăng: bấm «Gửi duyệt» khi đã xong.");
      } else {
        form.dataset.version = res.data.version;
        const s = res.data.saved || {};
        setStanding(s.status, s.status_label, s.next);
        tell("Đã lưu. " + (s.status_label ? s.status_label + ". " : "") + (s.next || ""), res.data.warnings);
      }
      return;
    }
    if (res.status === 409 && res.data.current) {
      show(res.data.problems, "Chưa lưu: mục đã được sửa ở nơi khác");
      conflict(item, res.data.current);
      return;
    }
    if (res.status === 404 && res.data.gone) {
      show(res.data.problems, "Chưa lưu: mục này không còn");
      offerRecreate(item);
      return;
    }
    const first = show(res.data.problems, res.status === 0 || res.status === 401 || res.status === 403
      ? "Chưa lưu được" : "Chưa lưu: cần sửa " + (res.data.problems.length > 1 ? res.data.problems.length + " chỗ sau" : "chỗ sau"));
    if (first && res.status === 422) summary.focus();
  });

  const params = new URLSearchParams(location.search);
  if (params.get("saved")) {
    forget();
    let next = "";
    let warnings = [];
    try {
      next = sessionStorage.getItem("congkhai-desk-next") || "";
      warnings = JSON.parse(sessionStorage.getItem("congkhai-desk-warnings") || "[]");
      sessionStorage.removeItem("congkhai-desk-next");
      sessionStorage.removeItem("congkhai-desk-warnings");
    } catch (_) {}
    if (!next) {
      const line = document.getElementById("standing");
      next = line ? line.textContent : "";
    }
    tell(document.getElementById("state")
      ? "Đã lưu bản nháp của bạn. Bản này chưa được đăng: bấm «Gửi duyệt» khi đã xong."
      : "Đã lưu. " + next, warnings);
  } else {
    offerRestore();
  }

  // ---- A conflict: the two versions side by side, field by field -----
  const labelOf = (name) => {
    const field = children(form, ".field[data-field]").find((f) => f.dataset.field === name);
    const label = field && field.querySelector(":scope > label, :scope > fieldset > legend");
    return label ? label.textContent.replace(/\s*\*\s*\(bắt buộc\)|\s*\*/g, "").trim() : name;
  };
  const shown = (v) => {
    if (v == null || v === "") return "(để trống)";
    if (v === true) return "Có";
    if (v === false) return "Không";
    if (Array.isArray(v)) return v.map((x) => (typeof x === "object" ? Object.values(x).join(" · ") : x)).join("\n") || "(để trống)";
    if (typeof v === "object") return Object.values(v).join(" · ");
    return String(v);
  };
  // Blank, an empty list and an unticked box are the same "nothing".
  const blank = (v) => v == null || v === "" || v === false || (Array.isArray(v) && v.length === 0);
  const same = (a, b) => (blank(a) && blank(b)) || JSON.stringify(a) === JSON.stringify(b);
  const conflict = (mine, theirs) => {
    const rows = document.getElementById("conflict-rows");
    rows.replaceChildren();
    const names = new Set([...Object.keys(mine.fields), ...Object.keys(theirs.fields || {})]);
    const differing = [];
    for (const name of names) {
      if (!same(mine.fields[name], (theirs.fields || {})[name])) differing.push(name);
    }
    if (!same(mine.body, theirs.body)) differing.push("body");
    differing.forEach((name, i) => {
      const bodyLabel = document.querySelector('label[for="f-body"]');
      const label = name === "body" ? (bodyLabel ? bodyLabel.textContent : "Nội dung") : labelOf(name);
      const mineValue = name === "body" ? mine.body : mine.fields[name];
      const theirValue = name === "body" ? theirs.body : (theirs.fields || {})[name];
      const set = document.createElement("fieldset");
      set.className = "choice";
      set.dataset.name = name;
      const legend = document.createElement("legend");
      legend.textContent = label;
      set.append(legend);
      for (const [which, value, caption] of [["mine", mineValue, "Bản của tôi"], ["theirs", theirValue, "Bản vừa lưu ở nơi khác"]]) {
        const id = "conflict-" + i + "-" + which;
        const div = document.createElement("div");
        div.className = "side";
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "conflict-" + i;
        input.id = id;
        input.value = which;
        input.checked = which === "mine";
        const lab = document.createElement("label");
        lab.htmlFor = id;
        lab.textContent = caption;
        const pre = document.createElement("pre");
        pre.textContent = shown(value);
        div.append(input, lab, pre);
        set.append(div);
      }
      rows.append(set);
    });
    const choose = (which) => { for (const r of rows.querySelectorAll('input[value="' + which + '"]')) r.checked = true; };
    document.getElementById("conflict-mine").onclick = () => choose("mine");
    document.getElementById("conflict-theirs").onclick = () => choose("theirs");
    document.getElementById("conflict-apply").onclick = () => {
      const merged = { fields: Object.assign({}, theirs.fields || {}), body: theirs.body || "" };
      for (const set of rows.querySelectorAll("fieldset.choice")) {
        const keepMine = set.querySelector('input[value="mine"]').checked;
        const name = set.dataset.name;
        if (!keepMine) continue;
        if (name === "body") merged.body = mine.body;
        else merged.fields[name] = mine.fields[name];
      }
      fill(merged);
      form.dataset.version = theirs.version;
      conflictBox.hidden = true;
      clear();
      keep();
      tell("Đã kết hợp hai bản theo lựa chọn của bạn. Kiểm tra lại rồi bấm «Lưu».");
    };
    conflictBox.hidden = false;
    form.before(conflictBox);
    conflictBox.focus();
  };

  // ---- An item deleted meanwhile: create it again ----------------------
  const offerRecreate = (item) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "primary";
    button.textContent = "Tạo lại mục này";
    button.addEventListener("click", async () => {
      const res = await send("POST", api + "/items/" + kind, { fields: item.fields, body: item.body });
      if (res.status === 201) {
        forget();
        clean = snapshot();
        location.href = res.data.edit + "?saved=1";
      } else {
        show(res.data.problems, "Chưa tạo lại được");
      }
    });
    summary.append(button);
  };

  // ---- Status lines ----------------------------------------------------
  const stateLine = document.getElementById("state");
  const setState = (state, text) => {
    if (!stateLine) return;
    stateLine.dataset.state = state;
    stateLine.textContent = text;
  };
  const setStanding = (status, label, next) => {
    const line = document.getElementById("standing");
    if (!line || !status) return;
    line.dataset.state = status;
    line.className = "notice state-" + status;
    line.replaceChildren();
    const strong = document.createElement("strong");
    strong.textContent = label + ".";
    line.append(strong, " " + (next || ""));
  };
  const step = async (button, action, body, done) => {
    const el = document.getElementById(button);
    if (!el) return;
    el.addEventListener("click", async () => {
      if (action === "unpublish" && !confirm("Gỡ mục này khỏi Trang thông tin điện tử? Mục được giữ lại và có thể khôi phục.")) return;
      saved.hidden = true;
      const res = await send("POST", api + "/items/" + kind + "/" + form.dataset.id + "/" + action, body ? body() : {});
      if (res.status === 200) {
        done(res.data);
      } else {
        show(res.data.problems, "Chưa thực hiện được");
      }
    });
  };
  step("submit-review", "submit", null, () => {
    setState("pending", "Chờ duyệt: Ban biên tập sẽ xem và đăng.");
    tell("Đã gửi duyệt. Ban biên tập sẽ xem và đăng; bạn sẽ thấy trạng thái ở đây.");
  });
  step("approve", "approve", null, (data) => {
    setState("approved", "Đã duyệt; bản đang đăng là bản này.");
    tell("Đã duyệt và đăng" + (data.url ? " tại " + data.url : "") + ".");
  });
  step("unpublish", "unpublish", null, () => {
    setState("unpublished", "Đã gỡ khỏi Trang thông tin điện tử; mục được giữ lại và có thể khôi phục.");
    tell("Đã gỡ khỏi trang.");
  });
  step("return", "return", () => ({ comment: document.getElementById("return-comment").value }), () => {
    setState("returned", "Bị trả lại: " + document.getElementById("return-comment").value);
    tell("Đã trả lại cho người viết.");
  });

  const del = document.getElementById("delete");
  if (del) {
    del.addEventListener("click", async () => {
      if (!confirm("Xóa mục này? Mục được chuyển vào Thùng rác và có thể khôi phục.")) return;
      const res = await send("DELETE", api + "/items/" + kind + "/" + form.dataset.id, { version: form.dataset.version });
      if (res.status === 200) {
        forget();
        clean = snapshot();
        const title = document.getElementById("f-" + (form.dataset.title || "title"));
        location.href = "/__congkhai/desk/" + kind + "/?deleted=" + encodeURIComponent(title ? title.value : form.dataset.id);
      } else {
        show(res.data.problems, "Chưa xóa");
      }
    });
  }

  // ---- Repeatable rows ------------------------------------------------
  let counter = 0;
  form.addEventListener("click", (event) => {
    const add = event.target.closest("button[data-add]");
    if (add) {
      const fieldset = add.closest("fieldset");
      const list = fieldset.querySelector(":scope > ol");
      const template = fieldset.querySelector(":scope > template");
      const row = template.content.firstElementChild.cloneNode(true);
      const n = "n" + (++counter);
      for (const el of row.querySelectorAll("[id], [for], [aria-describedby], [data-upload-for], [data-other-for]")) {
        for (const attr of ["id", "for", "aria-describedby", "data-upload-for", "data-other-for"]) {
          if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace(/-N(?=-|$| )/g, "-" + n));
        }
      }
      list.append(row);
      renumber(list);
      if (event.isTrusted) {
        const first = row.querySelector("input, select, textarea");
        if (first) first.focus();
      }
      return;
    }
    const remove = event.target.closest("button.remove");
    if (remove) {
      const row = remove.closest("li.row");
      const list = row.parentElement;
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber(list);
      const focus = next ? next.querySelector("input, select, textarea") : list.closest("fieldset").querySelector("button[data-add]");
      if (focus) focus.focus();
      keep();
    }
  });
  const renumber = (list) => {
    children(list, "li.row").forEach((li, i) => {
      const n = li.querySelector(":scope > fieldset > legend .n");
      if (n) n.textContent = String(i + 1);
    });
  };

  // ---- A standard name, or another written in ("Khác") -----------------
  const showOther = (select) => {
    const box = document.getElementById(select.id + "-other");
    if (!box) return;
    const other = select.selectedOptions[0] && select.selectedOptions[0].hasAttribute("data-other");
    box.parentElement.hidden = !other;
  };
  form.addEventListener("change", (event) => {
    if (event.target.matches("select")) showOther(event.target);
  });

  // ---- Title length: the count as it is typed ---------------------------
  for (const input of form.querySelectorAll("input[data-count]")) {
    const count = document.createElement("p");
    count.className = "help count";
    count.id = input.id + "-count";
    input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") || "") + " " + count.id);
    const max = Number(input.getAttribute("maxlength"));
    const update = () => { count.textContent = input.value.length + "/" + max + " ký tự"; };
    input.after(count);
    input.addEventListener("input", update);
    update();
  }

  // ---- Uploads ----------------------------------------------------------
  form.addEventListener("change", async (event) => {
    const input = event.target;
    if (!input.matches("input[type=file][data-upload-for]")) return;
    const status = input.closest(".upload").querySelector(".upload-status");
    const file = input.files[0];
    if (!file) return;
    if (file.size > Number(form.dataset.maxUpload)) {
      status.textContent = "Tệp quá lớn (tối đa " + Math.floor(form.dataset.maxUpload / 1048576) + " MB).";
      return;
    }
    status.textContent = "Đang tải lên " + file.name + "…";
    const data = new FormData();
    data.append("file", file);
    const res = await send("POST", api + "/files/" + kind, data);
    if (res.status !== 201) {
      status.textContent = "Không tải lên được: " + text(res.data.problems[0]);
      return;
    }
    const field = input.closest(".field[data-field]");
    if (field.dataset.type === "attachments") {
      const list = field.querySelector("ol.rows");
      let empty = children(list, "li.row").map((li) => li.querySelector("input[data-item]")).find((i) => !i.value);
      if (!empty) {
        field.querySelector("button[data-add]").click();
        empty = children(list, "li.row").pop().querySelector("input[data-item]");
      }
      empty.value = res.data.name;
    } else {
      document.getElementById(input.dataset.uploadFor).value = res.data.name;
    }
    status.textContent = "Đã tải lên: " + res.data.name + ". Bấm «Lưu» để ghi vào mục này.";
    input.value = "";
    keep();
  });

  // ---- Body preview (the build's own renderer) --------------------------
  const body = document.getElementById("f-body");
  const preview = document.getElementById("preview");
  if (body && preview) {
    let timer = null;
    const render = async () => {
      const res = await send("POST", api + "/preview", { body: body.value });
      if (res.status === 200) preview.innerHTML = res.data.html;
    };
    body.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(render, 300);
    });
    render();
  }
})();
