// Sổ Hội front-end glue. No inline scripts anywhere (the CSP forbids them): behaviour lives here.

// The few words this script writes itself, in the page's language (<html lang>: vi or en).
function inUserLanguage(vi, en) {
  return document.documentElement.lang === "en" ? en : vi;
}
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
    p.textContent = message ? message.textContent : inUserLanguage(
      "Không gửi được yêu cầu (mã " + xhr.status + "). Vui lòng thử lại.",
      "The request could not be sent (code " + xhr.status + "). Please try again.");
    flashes.replaceChildren(p);
  });
  document.addEventListener("htmx:sendError", function () {
    var flashes = document.getElementById("flashes");
    if (!flashes) { return; }
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.setAttribute("role", "alert");
    p.textContent = inUserLanguage(
      "Mất kết nối tới máy chủ. Nội dung bạn nhập vẫn còn; vui lòng thử lại.",
      "The connection to the server was lost. What you typed is still here; please try again.");
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

// A filter bar that searches as you type (hx-trigger "input … from:…") has already fetched the
// rows when its search box loses focus; the change event it fires then would fetch them again and
// swap them under the pointer of someone clicking a result, so that the click lands on a row that
// is gone (mousedown on the old link, mouseup on the new one: no click). Typing has searched;
// that change goes no further. Forms that search on change only (Enter, Tab) keep it.
document.addEventListener("change", function (evt) {
  var box = evt.target;
  if (box.matches && box.matches('input[type="search"]') && box.form &&
      /\binput\b/.test(box.form.getAttribute("hx-trigger") || "")) {
    evt.stopPropagation();
  }
}, true);

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
  if (state) { state.textContent = inUserLanguage("Đang lưu…", "Saving…"); }
});
// Enter starts a <p> (Chromium's default is a <div>); the server reads either as a paragraph.
document.addEventListener("focusin", function (evt) {
  if (evt.target.closest && evt.target.closest(".editor[contenteditable]")) {
    document.execCommand("defaultParagraphSeparator", false, "p");
  }
});
document.addEventListener("click", function (evt) {
  var button = evt.target.closest && evt.target.closest(".toolbar [data-command]");
  if (!button) { return; }
  var editor = button.closest("form").querySelector(".editor[contenteditable]");
  editor.focus();
  document.execCommand(button.getAttribute("data-command"), false, null);
  editor.dispatchEvent(new Event("input", { bubbles: true }));
});

// A wide table scrolls inside its own box, never the page (a 390 px phone). The box is a
// labelled region reachable by keyboard (tabindex 0), named after the table's caption or the
// heading above it. Templates may write the box themselves (div.table-scroll); others get one.
function wrapTables(root) {
  (root || document).querySelectorAll("table").forEach(function (table) {
    if (table.closest(".table-scroll")) { return; }
    var box = document.createElement("div");
    box.className = "table-scroll";
    box.setAttribute("role", "region");
    box.setAttribute("tabindex", "0");
    var caption = table.querySelector("caption");
    var name = table.getAttribute("aria-label") || (caption && caption.textContent.trim());
    if (!name) {
      var el = table;
      while (el && !name) {
        var prev = el.previousElementSibling;
        while (prev && !/^H[1-6]$/.test(prev.tagName)) { prev = prev.previousElementSibling; }
        if (prev) { name = prev.textContent.trim(); }
        el = el.parentElement;
      }
    }
    box.setAttribute("aria-label", name || document.title);
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
}
document.addEventListener("DOMContentLoaded", function () { wrapTables(document); });
document.addEventListener("htmx:afterSettle", function (evt) { wrapTables(evt.detail.elt && evt.detail.elt.parentNode || document); });

// Escape folds the phone menu and gives the focus back to its button.
document.addEventListener("keydown", function (evt) {
  if (evt.key !== "Escape") { return; }
  var menu = document.querySelector("details.menu[open]");
  if (menu && window.matchMedia("(max-width: 759px)").matches) {
    menu.open = false;
    var summary = menu.querySelector("summary");
    if (summary) { summary.focus(); }
  }
});

// What a user types while an htmx refresh of that part of the form is on its way survives the
// refresh: choosing a report kind refreshes the period fields, and a "Từ ngày" typed meanwhile
// must not be overwritten. Only typing after the request was sent is kept (the server's answer
// to a submitted form still replaces what was submitted).
var keptTyped = null;
document.addEventListener("input", function (evt) {
  var el = evt.target;
  if (el && el.matches && el.matches("input, textarea")) { el.setAttribute("data-typed", "1"); }
});
document.addEventListener("htmx:beforeRequest", function (evt) {
  var target = evt.detail.target;
  if (target && target.querySelectorAll) {
    target.querySelectorAll("[data-typed]").forEach(function (el) { el.removeAttribute("data-typed"); });
  }
});
document.addEventListener("htmx:beforeSwap", function (evt) {
  var target = evt.detail.target;
  keptTyped = [];
  if (!target || !target.querySelectorAll) { return; }
  target.querySelectorAll("[data-typed][id]").forEach(function (el) {
    keptTyped.push({ id: el.id, value: el.value, focused: el === document.activeElement,
                     start: el.selectionStart, end: el.selectionEnd });
  });
});
document.addEventListener("htmx:afterSwap", function () {
  (keptTyped || []).forEach(function (kept) {
    var el = document.getElementById(kept.id);
    if (!el) { return; }
    if (el.type === "date") { dateFields(el.parentNode); }  // a dd/mm/yyyy text is no date value
    el.value = kept.value;
    el.setAttribute("data-typed", "1");
    if (kept.focused) {
      el.focus();
      try { el.setSelectionRange(kept.start, kept.end); } catch (e) { /* not a text field */ }
    }
  });
  keptTyped = null;
});

// Dates read dd/mm/yyyy whatever the browser's language (an English browser shows a native date
// input as mm/dd/yyyy): every <input type="date"> becomes a text field holding "20/10/2023"
// (the server reads dd/mm/yyyy and ISO alike), with a button that opens the native picker on
// phones and desktops. Without JavaScript the native input stays.
function isoToDmy(value) {
  var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
  return m ? m[3] + "/" + m[2] + "/" + m[1] : (value || "");
}
function dmyToIso(value) {
  var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(value || "");
  if (!m) { return /^\d{4}-\d{2}-\d{2}$/.test(value || "") ? value : ""; }
  return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
}
function dateFields(root) {
  (root || document).querySelectorAll('input[type="date"]:not(.date-picker)').forEach(function (input) {
    input.type = "text";
    input.value = isoToDmy(input.value);
    input.defaultValue = input.value;
    input.classList.add("date");
    input.setAttribute("inputmode", "numeric");
    input.setAttribute("placeholder", "dd/mm/yyyy");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("pattern", "\\d{1,2}/\\d{1,2}/\\d{4}|\\d{4}-\\d{2}-\\d{2}");
    if (input.readOnly || input.disabled) { return; }
    var box = document.createElement("span");
    box.className = "date-field";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    var picker = document.createElement("input");
    picker.type = "date";
    picker.className = "date-picker";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    ["min", "max"].forEach(function (a) { if (input.getAttribute(a)) { picker.setAttribute(a, input.getAttribute(a)); input.removeAttribute(a); } });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "date-button";
    button.setAttribute("aria-label", inUserLanguage("Chọn ngày", "Choose a date"));
    button.appendChild(calendarIcon());
    button.addEventListener("click", function () {
      picker.value = dmyToIso(input.value);
      try { picker.showPicker(); } catch (e) { picker.focus(); picker.click(); }
    });
    picker.addEventListener("change", function () {
      input.value = isoToDmy(picker.value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    box.appendChild(button);
    box.appendChild(picker);
  });
}
// A calendar drawn as SVG: an emoji needs a colour-emoji font, which many office PCs and
// Linux desktops lack (the button then showed an empty box).
function calendarIcon() {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  [["rect", { x: "1.5", y: "3", width: "13", height: "11.5", rx: "1.5" }],
   ["line", { x1: "1.5", y1: "6.5", x2: "14.5", y2: "6.5" }],
   ["line", { x1: "5", y1: "1", x2: "5", y2: "4.5" }],
   ["line", { x1: "11", y1: "1", x2: "11", y2: "4.5" }]].forEach(function (part) {
    var el = document.createElementNS(ns, part[0]);
    Object.keys(part[1]).forEach(function (k) { el.setAttribute(k, part[1][k]); });
    el.setAttribute("fill", "none");
    el.setAttribute("stroke", "currentColor");
    el.setAttribute("stroke-width", "1.5");
    svg.appendChild(el);
  });
  return svg;
}
document.addEventListener("DOMContentLoaded", function () { dateFields(document); });
document.addEventListener("htmx:afterSettle", function (evt) { dateFields(evt.detail.elt && evt.detail.elt.parentNode || document); });

// After a refused save, the focus goes to the first field in error (its message is tied to it
// by aria-describedby); the summary above the form is a role="alert" region, announced as it
// appears. A form refused as a whole (no field in error) puts the focus on the summary. Run
// after dateFields: moving a date field into its box would take the focus away again.
function focusFirstError(root) {
  root = root || document;
  var summary = root.querySelector(".errors-summary");
  var field = root.querySelector("[aria-invalid='true']");
  if (field && typeof field.focus === "function") { field.focus(); }
  if (summary && document.activeElement !== field) { summary.focus(); }
}
document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
document.addEventListener("htmx:afterSettle", function (evt) {
  // An outerHTML swap replaced the target: look for its successor (same id) in the page.
  var target = evt.detail.target;
  if (target && !target.isConnected) { target = target.id ? document.getElementById(target.id) : null; }
  if (target) { focusFirstError(target); }
});
