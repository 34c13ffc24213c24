// Sổ Hội front-end glue. No inline scripts anywhere (the CSP forbids them): behaviour lives here.
(function () {
  "use strict";

  function token() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Every htmx request carries the current CSRF token in a header.
  document.addEventListener("htmx:configRequest", function (evt) {
    evt.detail.headers["X-CSRFToken"] = token();
  });

  // A page left open for hours keeps working: fetch a fresh token now and then, and put it
  // everywhere a form will read it. What the user typed is never touched.
  function refreshToken() {
    return fetch("/auth/csrf-token", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.token) { return; }
        document.querySelector('meta[name="csrf-token"]').setAttribute("content", data.token);
        document.querySelectorAll('input[name="csrf_token"]').forEach(function (input) { input.value = data.token; });
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }
  if (document.body && document.querySelector(".account")) {
    setInterval(refreshToken, 20 * 60 * 1000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { refreshToken(); }
    });
  }

  // An htmx request refused (expired token, no right, server error): say so above the page
  // without replacing what the user typed; refresh the token so that "send again" works.
  document.addEventListener("htmx:responseError", function (evt) {
    var flashes = document.getElementById("flashes");
    if (!flashes) { return; }
    var xhr = evt.detail.xhr;
    if (xhr.status === 400) { refreshToken(); }
    var tpl = document.createElement("div");
    tpl.innerHTML = xhr.responseText;
    var message = tpl.querySelector(".flash");
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.setAttribute("role", "alert");
    p.textContent = message ? message.textContent : "Không gửi được yêu cầu (mã " + xhr.status + "). Vui lòng thử lại.";
    flashes.replaceChildren(p);
  });
  document.addEventListener("htmx:sendError", function () {
    var flashes = document.getElementById("flashes");
    if (!flashes) { return; }
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.setAttribute("role", "alert");
    p.textContent = "Mất kết nối tới máy chủ. Nội dung bạn nhập vẫn còn; vui lòng thử lại.";
    flashes.replaceChildren(p);
  });

  // Buttons of plain (non-htmx) forms that need a confirmation carry data-confirm.
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      evt.preventDefault();
    }
  });
})();

// The menu is open by default (usable without JS); on a phone it starts folded.
document.addEventListener("DOMContentLoaded", function () {
  var menu = document.querySelector("details.menu");
  if (menu && window.matchMedia("(max-width: 759px)").matches) { menu.open = false; }
});

// The narrative editor: a contenteditable area whose HTML is copied into the form's hidden
// textarea on every change, so the htmx autosave (hx-trigger on the form) sends it. The server
// sanitises whatever arrives; only bold, italic and lists are offered here.
document.addEventListener("input", function (evt) {
  var editor = evt.target.closest && evt.target.closest(".editor[contenteditable]");
  if (!editor) { return; }
  var form = editor.closest("form");
  var field = form && form.querySelector('textarea[name="html"]');
  if (field) { field.value = editor.innerHTML; }
  var state = form && form.querySelector(".save-state");
  if (state) { state.textContent = "Đang lưu…"; }
});
document.addEventListener("click", function (evt) {
  var button = evt.target.closest && evt.target.closest(".toolbar [data-command]");
  if (!button) { return; }
  var editor = button.closest("form").querySelector(".editor[contenteditable]");
  editor.focus();
  document.execCommand(button.getAttribute("data-command"), false, null);
  editor.dispatchEvent(new Event("input", { bubbles: true }));
});
