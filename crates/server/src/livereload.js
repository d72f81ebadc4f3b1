// congkhai serve: reloads the page after a rebuild and shows build errors
// over the page. Injected only by `congkhai serve`, never in `build` output.
(() => {
  const box = () => {
    let el = document.getElementById("congkhai-error");
    if (!el) {
      el = document.createElement("div");
      el.id = "congkhai-error";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;background:#fff4f4;color:#1b1b1b;border-top:4px solid #a4262c;padding:1rem;font:16px/1.5 system-ui,sans-serif;white-space:pre-wrap";
      document.body.append(el);
    }
    return el;
  };
  const show = (problems) => {
    const el = box();
    el.textContent = "Trang xem trước chưa cập nhật được vì nội dung có lỗi; trang đang hiển thị bản cũ. Sửa các chỗ sau rồi lưu lại:\n\n" + problems;
  };
  const hide = () => document.getElementById("congkhai-error")?.remove();
  const events = new EventSource("/__congkhai/events");
  let version = null;
  // A rebuild first writes the edited item's own page, then the lists and
  // pages around it: a page reloads once its own file is written, once
  // per rebuild, and pages the rebuild did not touch stay as they are.
  const here = decodeURI(location.pathname);
  const key = "congkhai-reloaded";
  events.addEventListener("state", (e) => {
    const state = JSON.parse(e.data);
    if (state.error) return show(state.error);
    hide();
    const changed = !state.pages || state.pages.includes(here);
    const mark = state.rebuild + " " + here;
    if (version !== null && state.version !== version && changed && sessionStorage.getItem(key) !== mark) {
      sessionStorage.setItem(key, mark);
      location.reload();
    }
    version = state.version;
  });
})();
