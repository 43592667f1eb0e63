/* The reader's tools in the header, on every page (no framework, no build step):
   - the date line: today in Asia/Ho_Chi_Minh, "Chủ nhật, ngày 16/06/2024" (in English on the
     English page; the page carries the build date for readers without JavaScript);
   - text size (A- A A+) and high contrast, remembered in localStorage; the inline script in
     <head> (main.html) applies them before the first paint;
   - "In trang" buttons, and the page's address on the printed copy;
   - video facades: a YouTube or Vimeo video is a link with its title and a play button until
     the reader activates it (click, Enter or Space); only then is the player's iframe
     (youtube-nocookie.com, Vimeo with dnt=1) put in its place, playing, and focused. Nothing
     is asked of the video's site before that; without JavaScript the link opens the video;
   - "Sao chép liên kết" under posts: the address to the clipboard, said in a status line. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZE_KEY = "thidua.coChu";
  var CONTRAST_KEY = "thidua.tuongPhan";
  var MIN_SIZE = -1;
  var MAX_SIZE = 3;
  var WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
  // The English page (lang="en") gets its date line in English: "Monday, 30 November 2026".
  var ENGLISH = root.lang === "en";
  var EN_WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* private mode: the choice lasts for this page only */ }
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric",
        month: "numeric", day: "numeric" }).formatToParts(new Date()).forEach(function (part) {
        parts[part.type] = parseInt(part.value, 10);
      });
    } catch (e) {
      var shifted = new Date(Date.now() + 7 * 3600 * 1000);  // UTC+7, no summer time
      parts = { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1,
        day: shifted.getUTCDate() };
    }
    var weekday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay();
    if (ENGLISH) {
      return EN_WEEKDAYS[weekday] + ", " + parts.day + " " + EN_MONTHS[parts.month - 1] + " " + parts.year;
    }
    return WEEKDAYS[weekday] + ", ngày " + pad(parts.day) + "/" + pad(parts.month) + "/" + parts.year;
  }

  function size() {
    var value = parseInt(root.getAttribute("data-thidua-size") || "0", 10);
    return isNaN(value) ? 0 : value;
  }

  function setSize(value) {
    value = Math.max(MIN_SIZE, Math.min(MAX_SIZE, value));
    if (value === 0) root.removeAttribute("data-thidua-size");
    else root.setAttribute("data-thidua-size", String(value));
    store(SIZE_KEY, value === 0 ? null : String(value));
    showState();
  }

  function showState() {
    var current = size();
    document.querySelectorAll("[data-thidua-size-step]").forEach(function (button) {
      var step = parseInt(button.getAttribute("data-thidua-size-step"), 10);
      button.disabled = (step < 0 && current <= MIN_SIZE) || (step > 0 && current >= MAX_SIZE);
    });
    var high = root.getAttribute("data-thidua-contrast") === "cao";
    document.querySelectorAll("[data-thidua-contrast-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", high ? "true" : "false");
    });
  }

  document.querySelectorAll("[data-thidua-today]").forEach(function (node) {
    node.textContent = today();
    node.removeAttribute("lang");  // the page's own language now
  });

  var tools = document.querySelector("[data-thidua-tools]");
  if (tools) {
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.hasAttribute("data-thidua-size-step")) {
        var step = parseInt(button.getAttribute("data-thidua-size-step"), 10);
        setSize(step === 0 ? 0 : size() + step);
      } else if (button.hasAttribute("data-thidua-contrast-toggle")) {
        var high = root.getAttribute("data-thidua-contrast") !== "cao";
        if (high) root.setAttribute("data-thidua-contrast", "cao");
        else root.removeAttribute("data-thidua-contrast");
        store(CONTRAST_KEY, high ? "cao" : null);
        showState();
      }
    });
    tools.hidden = false;
    showState();
  }

  document.querySelectorAll("[data-thidua-url]").forEach(function (node) {
    node.textContent = location.href.split("#")[0];
  });
  document.querySelectorAll("[data-thidua-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
    button.hidden = false;
  });

  function play(facade) {
    var frame = document.createElement("iframe");
    frame.src = facade.getAttribute("data-thidua-video");
    frame.title = facade.getAttribute("data-thidua-video-title") || "Video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "thidua-video__player";
    facade.replaceWith(frame);
    frame.focus();
  }

  document.querySelectorAll("[data-thidua-video]").forEach(function (facade) {
    facade.setAttribute("role", "button");  // it plays here; the link is for readers without JS
    facade.addEventListener("click", function (event) {
      event.preventDefault();
      play(facade);
    });
    facade.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        play(facade);
      }
    });
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {  // plain http: the older way
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { /* not allowed */ }
      document.body.removeChild(area);
      if (copied) resolve(); else reject();
    });
  }

  document.querySelectorAll("[data-thidua-copy]").forEach(function (button) {
    var status = button.parentNode.querySelector("[data-thidua-copy-status]");
    button.addEventListener("click", function () {
      var address = button.getAttribute("data-thidua-copy");
      copyText(address).then(function () {
        status.textContent = "Đã sao chép liên kết.";
      }, function () {
        status.textContent = "Không sao chép được; địa chỉ bài: " + address;
      });
    });
    button.hidden = false;
  });
}());

/* Material's features that the portal does without Material's script bundle
   (config/material.py lists them; mkdocs.yml theme.features turns each on):
   - navigation.top: Material's "Lên đầu trang" button, shown when the reader scrolls back up
     after going down a screen;
   - content.code.copy: a "Sao chép" button on every code block, "Đã sao chép" once done. */
(function () {
  "use strict";
  var config = {};
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch (e) { return; }
  var features = config.features || [];
  var words = config.translations || {};

  var top = document.querySelector(".md-top");
  if (top && features.indexOf("navigation.top") >= 0) {
    var last = window.scrollY;
    window.addEventListener("scroll", function () {
      var y = window.scrollY;
      top.hidden = !(y < last && y > window.innerHeight);
      last = y;
    }, { passive: true });
    top.addEventListener("click", function () {
      window.scrollTo({ top: 0 });
      top.hidden = true;
      var main = document.getElementById("noi-dung");
      if (main) main.focus({ preventScroll: true });
    });
  }

  if (features.indexOf("content.code.copy") >= 0 && navigator.clipboard) {
    var copy = words["clipboard.copy"] || "Sao chép";
    var copied = words["clipboard.copied"] || "Đã sao chép";
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-clipboard md-icon";
      button.title = copy;
      button.setAttribute("aria-label", copy);
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(code.innerText).then(function () {
          button.title = copied;
          button.setAttribute("aria-label", copied);
          button.setAttribute("data-thidua-copied", "");
        });
      });
      code.parentNode.insertBefore(button, code);
    });
  }
}());
