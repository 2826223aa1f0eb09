// Hotline console: behaviour shared by every page. Hand-written, no dependencies but htmx.
// Never put caller text into innerHTML here: the server renders it escaped; JS uses textContent.
(function () {
  "use strict";

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 401) {
      window.location.href = "/login?next=" + encodeURIComponent(window.location.pathname);
      return;
    }
    var flash = document.getElementById("flash");
    if (flash) {
      var box = document.createElement("div");
      box.className = "notice error";
      box.setAttribute("role", "alert");
      box.textContent = xhr && xhr.status === 403
        ? "操作被拒绝（" + xhr.status + "）：请刷新页面后重试。"
        : "请求失败（" + (xhr ? xhr.status : "网络") + "），请稍后重试。";
      flash.replaceChildren(box);
    }
  });

  // Confirm buttons carry data-confirm; a plain confirm() keeps it keyboard-friendly.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // A polled area must not be replaced while someone is typing in it (data-poll-guard).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-poll-guard") && elt.contains(document.activeElement)) {
      event.preventDefault();
    }
  });

  // Notices fade after a while so the flash area does not pile up.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "flash") {
      window.setTimeout(function () {
        var flash = document.getElementById("flash");
        if (flash && flash.firstElementChild && !flash.querySelector(".error")) {
          flash.replaceChildren();
        }
      }, 8000);
    }
  });
})();
