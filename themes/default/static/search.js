// congkhai site search. Queries the static index under /tim-kiem/ (written by
// src/output/search.rs) without a server, loading only the pieces a query
// needs. fold(), tokens() and fnv1a() must match the Rust side exactly.

export function fold(text) {
  return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
}

export function tokens(folded) {
  return folded.match(/[0-9]+(?:\.[0-9]+)+|[a-z0-9]+/g) || [];
}

export function fnv1a(term) {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export const KIND_LABELS = { t: "Thủ tục", n: "Tin", v: "Văn bản", k: "Kế hoạch", p: "Phản ánh", y: "Lấy ý kiến", g: "Trang" };

// createSearch(load): load(path) returns a promise of the parsed JSON file at
// /tim-kiem/<path>. Returns search(query, {kind, field, limit}).
export function createSearch(load) {
  let meta = null;
  const shards = new Map();
  const chunks = new Map();
  const once = (cache, key, path) => {
    if (!cache.has(key)) cache.set(key, load(path));
    return cache.get(key);
  };

  async function postings(term) {
    const n = fnv1a(term) % meta.shards;
    const shard = await once(shards, n, `i/${n}.json`);
    const flat = shard[term];
    const out = new Map();
    if (!flat) return out;
    let id = 0;
    for (let i = 0; i < flat.length; i += 2) {
      id += flat[i];
      out.set(id, flat[i + 1]);
    }
    return out;
  }

  return async function search(query, options = {}) {
    meta = meta || (await load("meta.json"));
    const words = tokens(fold(query));
    if (words.length === 0) return [];
    const unique = [...new Set(words)];
    const pairs = [];
    for (let i = 0; i + 1 < words.length; i++) pairs.push(`${words[i]} ${words[i + 1]}`);
    const [single, double] = await Promise.all([
      Promise.all(unique.map(postings)),
      Promise.all(pairs.map(postings)),
    ]);
    // Every word must match; phrases (adjacent words) weigh three times as much.
    const scores = new Map();
    const hits = new Map();
    single.forEach((list) => {
      for (const [id, w] of list) {
        scores.set(id, (scores.get(id) || 0) + w);
        hits.set(id, (hits.get(id) || 0) + 1);
      }
    });
    double.forEach((list) => {
      for (const [id, w] of list) if (scores.has(id)) scores.set(id, scores.get(id) + 3 * w);
    });
    const most = Math.max(0, ...hits.values());
    const need = most === unique.length ? unique.length : most;
    let ids = [...scores.keys()].filter((id) => hits.get(id) >= need && need > 0);
    if (options.kind) ids = ids.filter((id) => meta.kinds[id] === options.kind);
    if (options.field !== undefined && options.field !== "") {
      const f = meta.field_names.indexOf(options.field);
      ids = ids.filter((id) => meta.fields[id] === f);
    }
    ids.sort((a, b) => scores.get(b) - scores.get(a) || a - b);
    const top = ids.slice(0, options.limit || 20);
    const results = await Promise.all(
      top.map(async (id) => {
        const k = Math.floor(id / meta.chunk);
        const chunk = await once(chunks, k, `d/${k}.json`);
        const [title, url, kind, field, snippet] = chunk[id % meta.chunk];
        return { title, url, kind, kindLabel: KIND_LABELS[kind] || kind, field, snippet, score: scores.get(id) };
      }),
    );
    results.total = ids.length;
    results.partial = need < unique.length;
    return results;
  };
}

// The search page: /tim-kiem/?q=...&loai=...&linh-vuc=...
function text(tag, content, className) {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) el.className = className;
  return el;
}

async function page() {
  const form = document.getElementById("search-form");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  if (!form || !list || !status) return;
  const search = createSearch((path) => fetch(`/tim-kiem/${path}`).then((r) => r.json()));
  const params = new URLSearchParams(location.search);
  form.q.value = params.get("q") || "";
  form.loai.value = params.get("loai") || "";
  form["linh-vuc"].value = params.get("linh-vuc") || "";
  const run = async () => {
    const q = form.q.value.trim();
    list.replaceChildren();
    if (!q) {
      status.textContent = "Nhập từ khóa, có dấu hoặc không dấu, ví dụ: nhap quoc tich.";
      return;
    }
    status.textContent = "Đang tìm…";
    try {
      const results = await search(q, { kind: form.loai.value, field: form["linh-vuc"].value, limit: 30 });
      for (const r of results) {
        const li = document.createElement("li");
        li.className = "card";
        const h = document.createElement("h2");
        h.className = "card-title";
        const a = text("a", r.title);
        a.href = r.url;
        h.append(a);
        li.append(text("p", r.field ? `${r.kindLabel} · ${r.field}` : r.kindLabel, "meta"), h, text("p", r.snippet));
        list.append(li);
      }
      status.textContent = results.length
        ? `Tìm thấy ${results.total} kết quả cho “${q}”${results.partial ? " (khớp một phần từ khóa)" : ""}.`
        : `Không tìm thấy kết quả cho “${q}”. Hãy thử từ khóa khác.`;
    } catch (e) {
      status.textContent = "Không tải được dữ liệu tìm kiếm. Vui lòng thử lại.";
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    next.set("q", form.q.value.trim());
    if (form.loai.value) next.set("loai", form.loai.value);
    if (form["linh-vuc"].value) next.set("linh-vuc", form["linh-vuc"].value);
    history.replaceState(null, "", `?${next}`);
    run();
  });
  run();
}

if (typeof document !== "undefined") page();
