/* "Thống kê truy cập" and "Lượt xem", from the counter service (build.py counter, SPEC §9).
   One hit per page view, sent with sendBeacon as text/plain (no CORS preflight); the numbers
   come back asynchronously within 3 s or not at all. Until they arrive, and whenever the
   service is down or not configured, the boxes stay hidden: the page never waits for them. */
(function () {
  "use strict";
  var config = document.getElementById("thidua-counter");
  var endpoint = config && config.getAttribute("data-endpoint");
  if (!endpoint || !window.fetch || !window.AbortController) return;
  endpoint = endpoint.replace(/\/+$/, "");
  var page = document.querySelector('meta[name="thidua-page"]');
  var id = page && page.getAttribute("content");
  var numbers = new Intl.NumberFormat("vi-VN");

  function get(path) {
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, 3000);
    return fetch(endpoint + path, { signal: abort.signal, credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(); })
      .finally(function () { clearTimeout(timer); });
  }

  function hit() {
    if (!id) return Promise.resolve();
    var body = JSON.stringify({ id: id });
    if (navigator.sendBeacon && navigator.sendBeacon(endpoint + "/v1/hit", body)) {
      return new Promise(function (resolve) { setTimeout(resolve, 150); });
    }
    return fetch(endpoint + "/v1/hit", { method: "POST", body: body, keepalive: true,
      headers: { "Content-Type": "text/plain" }, credentials: "omit" }).catch(function () {});
  }

  function showStats() {
    var box = document.querySelector("[data-counter-stats]");
    if (!box) return;
    get("/v1/stats").then(function (stats) {
      box.querySelectorAll("[data-stat]").forEach(function (cell) {
        var value = stats[cell.getAttribute("data-stat")];
        cell.textContent = typeof value === "number" ? numbers.format(value) : "–";
      });
      box.hidden = false;
    }).catch(function () { box.hidden = true; });
  }

  function showViews() {
    var cells = Array.prototype.slice.call(document.querySelectorAll("[data-views-of]"));
    for (var start = 0; start < cells.length; start += 50) {  // the service answers 50 a call
      (function (batch) {
        var ids = batch.map(function (cell) { return cell.getAttribute("data-views-of"); });
        get("/v1/views?ids=" + ids.map(encodeURIComponent).join(",")).then(function (answer) {
          batch.forEach(function (cell) {
            var count = answer.views[cell.getAttribute("data-views-of")];
            if (typeof count !== "number") return;
            cell.querySelector("[data-value]").textContent = numbers.format(count);
            cell.hidden = false;
          });
        }).catch(function () {});
      })(cells.slice(start, start + 50));
    }
  }

  // Count this view first, so that the numbers shown include it.
  hit().then(function () { showStats(); showViews(); });
}());
