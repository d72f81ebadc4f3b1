// congkhai's editing desk: saves forms through the desk's JSON API,
// shows the build's problems beside the fields they concern, adds and
// removes repeatable rows, uploads attachments and previews the body.
(() => {
  "use strict";
  const form = document.getElementById("desk-form");
  if (!form) return;
  const token = document.querySelector('meta[name="congkhai-token"]').content;
  const kind = form.dataset.kind;
  const api = "/__congkhai/api";
  const summary = document.getElementById("summary");
  const saved = document.getElementById("saved");

  const send = async (method, url, body) => {
    const headers = { "X-Congkhai-Token": token };
    if (!(body instanceof FormData)) headers["Content-Type"] = "application/json";
    const res = await fetch(url, {
      method,
      headers,
      body: body instanceof FormData ? body : JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = {};
    try { data = await res.json(); } catch (_) { data = {}; }
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
    const input = field.querySelector("input:not([type=file]), select, textarea");
    return input ? input.value : "";
  };
  const read = () => {
    const body = document.getElementById("f-body");
    return { fields: fieldsOf(form), body: body ? body.value : "" };
  };

  // ---- Problems beside their fields -----------------------------------
  const clear = () => {
    summary.hidden = true;
    summary.textContent = "";
    for (const p of form.querySelectorAll("p.error")) { p.hidden = true; p.textContent = ""; }
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  };
  const text = (p) => p.message + (p.hint ? " (" + p.hint + ")" : "");
  const show = (problems, heading) => {
    clear();
    let first = null;
    const unplaced = [];
    for (const p of problems) {
      const field = p.field && children(form, ".field[data-field]").find((f) => f.dataset.field === p.field);
      const error = field && field.querySelector(":scope > p.error");
      if (!error) { unplaced.push(p); continue; }
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
      const label = p.field && form.querySelector('.field[data-field="' + CSS.escape(p.field) + '"] label, .field[data-field="' + CSS.escape(p.field) + '"] legend');
      li.textContent = (label ? label.textContent.replace(/\s*\*\s*\(bắt buộc\)|\s*\*/g, "") + ": " : "") + text(p);
      ul.append(li);
    }
    summary.append(ul);
    summary.hidden = false;
    summary.setAttribute("role", "alert");
    (first || summary).focus();
  };

  // ---- Saving ----------------------------------------------------------
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    saved.hidden = true;
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
      location.href = res.data.edit + "?saved=1";
      return;
    }
    if (res.status === 200) {
      clear();
      if (res.data.state === "draft") {
        // The publishing server: a revision, not yet public.
        saved.textContent = "Đã lưu bản nháp. Bản này chưa được đăng: bấm “Gửi duyệt” khi đã xong.";
        setState("draft", "Bản nháp: chưa gửi duyệt, chưa đăng.");
      } else {
        form.dataset.version = res.data.version;
        saved.textContent = "Đã lưu. Trang xem trước được dựng lại sau vài giây." +
          (res.data.git ? " Git: " + res.data.git : "");
      }
      saved.hidden = false;
      return;
    }
    if (res.status === 409) {
      show(res.data.problems || [], "Chưa lưu: tệp đã bị sửa ở nơi khác");
      const p = document.createElement("p");
      p.textContent = "Bản của bạn vẫn còn trong biểu mẫu này" +
        (res.data.kept ? " và đã được giữ trong tệp " + res.data.kept : "") +
        ". Bản trên đĩa được giữ nguyên. Mở lại trang để xem bản mới, rồi sửa lại.";
      summary.append(p);
      return;
    }
    show(res.data.problems || [{ message: "Lỗi " + res.status }], "Chưa lưu: cần sửa các mục sau");
  });

  if (new URLSearchParams(location.search).get("saved")) {
    saved.textContent = document.getElementById("state")
      ? "Đã lưu bản nháp. Bản này chưa được đăng: bấm “Gửi duyệt” khi đã xong."
      : "Đã lưu. Trang xem trước được dựng lại sau vài giây.";
    saved.hidden = false;
  }

  // ---- The publishing server's workflow --------------------------------
  const stateLine = document.getElementById("state");
  const setState = (state, text) => {
    if (!stateLine) return;
    stateLine.dataset.state = state;
    stateLine.textContent = text;
  };
  const step = async (button, action, body, done) => {
    const el = document.getElementById(button);
    if (!el) return;
    el.addEventListener("click", async () => {
      if (action === "unpublish" && !confirm("Gỡ mục này khỏi trang công khai? Tệp được giữ trong thư mục .congkhai/trash/ và có thể lấy lại.")) return;
      saved.hidden = true;
      let res;
      try {
        res = await send("POST", api + "/items/" + kind + "/" + form.dataset.id + "/" + action, body ? body() : {});
      } catch (_) {
        res = { status: 0, data: { error: "Không kết nối được máy chủ. Nội dung trong biểu mẫu vẫn còn; hãy thử lại sau." } };
      }
      if (res.status === 200) {
        done(res.data);
        saved.hidden = false;
      } else {
        show(res.data.problems || [{ message: res.data.error || ("Lỗi " + res.status), hint: res.data.hint }], "Chưa thực hiện được");
      }
    });
  };
  step("submit-review", "submit", null, () => {
    setState("pending", "Chờ duyệt: Ban biên tập sẽ xem và đăng.");
    saved.textContent = "Đã gửi duyệt.";
  });
  step("approve", "approve", null, (data) => {
    setState("approved", "Đã duyệt; bản đang đăng là bản này.");
    saved.textContent = "Đã duyệt và đăng" + (data.url ? " tại " + data.url : "") + ".";
  });
  step("unpublish", "unpublish", null, (data) => {
    setState("unpublished", "Đã gỡ khỏi trang công khai; tệp được giữ trong thư mục .congkhai/trash/.");
    saved.textContent = "Đã gỡ khỏi trang.";
  });
  step("return", "return", () => ({ comment: document.getElementById("return-comment").value }), () => {
    setState("returned", "Bị trả lại: " + document.getElementById("return-comment").value);
    saved.textContent = "Đã trả lại cho người viết.";
  });

  const del = document.getElementById("delete");
  if (del) {
    del.addEventListener("click", async () => {
      if (!confirm("Xóa mục này? Tệp sẽ được chuyển vào thư mục .congkhai/trash/ và có thể lấy lại.")) return;
      const res = await send("DELETE", api + "/items/" + kind + "/" + form.dataset.id, { version: form.dataset.version });
      if (res.status === 200) {
        location.href = "/__congkhai/desk/" + kind + "/?deleted=" + encodeURIComponent(res.data.file);
      } else {
        show(res.data.problems || [{ message: "Lỗi " + res.status }], "Chưa xóa");
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
      for (const el of row.querySelectorAll("[id], [for], [aria-describedby], [data-upload-for]")) {
        for (const attr of ["id", "for", "aria-describedby", "data-upload-for"]) {
          if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace(/-N(?=-|$| )/g, "-" + n));
        }
      }
      list.append(row);
      renumber(list);
      const first = row.querySelector("input, select, textarea");
      if (first) first.focus();
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
    }
  });
  const renumber = (list) => {
    children(list, "li.row").forEach((li, i) => {
      const n = li.querySelector(":scope > fieldset > legend .n");
      if (n) n.textContent = String(i + 1);
    });
  };

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
      status.textContent = "Không tải lên được: " + ((res.data.problems || [])[0] || { message: "lỗi " + res.status }).message;
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
    status.textContent = "Đã tải lên: " + res.data.name + ". Bấm Lưu để ghi vào mục này.";
    input.value = "";
  });

  // ---- Markdown preview (the build's own renderer) --------------------
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
