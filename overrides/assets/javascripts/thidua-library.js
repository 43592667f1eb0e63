/* The documents library's filter (van-ban/): by type, year, issuer and words, in the browser,
   over one small index (van-ban/index.json, written by thidua/outputs/documents.py) instead of
   the document pages. Words are folded as the site's search folds them (lower case, đ→d, marks
   dropped), so "khen thuong" finds "khen thưởng" and "98/2023" finds "98/2023/NĐ-CP".
   Without JavaScript the form stays hidden and the paginated list and type pages work. The
   filter is kept in the address (?loai=…&nam=…&co-quan=…&q=…), so a result can be shared. */
(function () {
  "use strict";
  var form = document.querySelector("[data-thidua-library]");
  if (!form || !window.fetch) return;
  var root = form.getAttribute("data-root");
  var status = document.querySelector("[data-thidua-library-status]");
  var staticList = document.querySelector("[data-thidua-library-static]");
  var results = document.querySelector("[data-thidua-library-results]");
  var list = results.querySelector("ol");
  var more = results.querySelector("button");
  var initialStatus = status.textContent;
  var PAGE = 50;
  var FIELDS = { loai: "type", nam: "year", "co-quan": "issuer" };
  var index = null;
  var found = [];
  var shown = 0;

  function load() {
    if (!index) {
      index = fetch(form.getAttribute("data-index")).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        var at = {};
        data.fields.forEach(function (name, i) { at[name] = i; });
        data.rows = data.documents.map(function (row) {
          var doc = {};
          Object.keys(at).forEach(function (name) { doc[name] = row[at[name]]; });
          return doc;
        });
        return data;
      });
      index.catch(function () { index = null; });
    }
    return index;
  }

  function fold(text) {  /* as thidua/core/text.py folds */
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[^\x00-\x7f]/g, "").toLowerCase();
  }

  function wanted() {
    var query = {};
    Object.keys(FIELDS).forEach(function (name) { query[name] = form.elements[name].value; });
    query.q = form.elements.q.value.trim();
    return query;
  }

  function matches(doc, query) {
    if (query.loai && doc.type !== query.loai) return false;
    if (query.nam && String(doc.year) !== query.nam) return false;
    if (query["co-quan"] && doc.issuer !== query["co-quan"]) return false;
    var words = fold(query.q).split(/\s+/).filter(Boolean);
    return words.every(function (word) { return doc.words.indexOf(word) !== -1; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function item(doc, data) {  /* the markup of document_item in thidua/macros.html */
    var li = element("li", "thidua-doc");
    var meta = element("p", "thidua-doc__meta");
    meta.append(element("span", "thidua-doc__type", data.types[doc.type]), " ",
      element("span", "thidua-status thidua-status--" + doc.status, data.statuses[doc.status]), " ");
    var when = element("span", "", "Ban hành ");
    var time = element("time", "", doc.signed);
    time.setAttribute("datetime", doc.date);
    when.append(time);
    meta.append(when, " ", element("span", "", doc.issuer));
    var heading = element("h2", "thidua-doc__title");
    var link = element("a", "", (doc.number ? doc.number + ": " : "") + doc.title);
    link.href = root + doc.url;
    heading.append(link);
    li.append(meta, heading);
    if (doc.file) {
      var file = element("p", "thidua-doc__file");
      var download = element("a", "thidua-download", "Tải về: " + (doc.number || doc.title) + " ");
      download.href = root + doc.file;
      download.setAttribute("download", "");
      download.append(element("span", "thidua-download__info", "(" + doc.file_info + ")"));
      file.append(download);
      li.append(file);
    }
    return li;
  }

  function showMore(data) {
    found.slice(shown, shown + PAGE).forEach(function (doc) { list.append(item(doc, data)); });
    shown = Math.min(found.length, shown + PAGE);
    more.hidden = shown >= found.length;
  }

  function remember(query) {
    var params = new URLSearchParams();
    Object.keys(query).forEach(function (name) { if (query[name]) params.set(name, query[name]); });
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  function apply() {
    var query = wanted();
    remember(query);
    var any = Object.keys(query).some(function (name) { return query[name]; });
    if (!any) {  // no filter: the page as it was built
      results.hidden = true;
      staticList.hidden = false;
      status.textContent = initialStatus;
      return;
    }
    status.textContent = "Đang lọc…";
    load().then(function (data) {
      found = data.rows.filter(function (doc) { return matches(doc, query); });
      list.textContent = "";
      shown = 0;
      showMore(data);
      staticList.hidden = true;
      results.hidden = false;
      status.textContent = found.length
        ? "Tìm thấy " + found.length.toLocaleString("vi-VN") + " văn bản."
        : "Không có văn bản nào phù hợp. Thử bỏ bớt điều kiện lọc.";
    }).catch(function () {
      status.textContent = "Chưa tải được danh sách văn bản để lọc. Có thể xem theo loại văn bản bên cạnh.";
    });
  }

  var typing = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("change", apply);
  form.elements.q.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(apply, 250);
  });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  more.addEventListener("click", function () { load().then(showMore); });

  var params = new URLSearchParams(location.search);
  Object.keys(FIELDS).concat(["q"]).forEach(function (name) {
    var value = params.get(name);
    var field = form.elements[name];
    if (value !== null && field) field.value = value;
  });
  form.hidden = false;
  if (Object.keys(FIELDS).concat(["q"]).some(function (name) { return params.get(name); })) apply();
}());
