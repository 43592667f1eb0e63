/* Search over the split index written by thidua/search.py.
   Words are folded as there (lower case, đ→d, tones and marks dropped); each word is looked
   up in one bucket file per segment, found by the same FNV-1a hash; only the result pages'
   blocks of titles are fetched. No framework, no build step. */
(function () {
  "use strict";
  var box = document.querySelector("[data-thidua-search]");
  if (!box || !window.fetch) return;
  var root = box.getAttribute("data-root");
  var form = box.querySelector("form");
  var input = box.querySelector("input[name=q]");
  var status = box.querySelector(".thidua-search__status");
  var list = box.querySelector(".thidua-search__results");
  var more = box.querySelector(".thidua-search__more");
  var PAGE = 10;
  var MAX_WORDS = 6;  // each word costs one file per segment: longer queries keep the first six
  var files = {};
  var results = [];
  var shown = 0;

  function json(path) {
    if (!files[path]) {
      files[path] = fetch(root + path).then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    }
    return files[path];
  }

  function fold(text) {  /* as thidua/search.py folds: marks and non-ASCII letters dropped */
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[^\x00-\x7f]/g, "").toLowerCase();
  }

  function words(text) {
    var found = fold(text).match(/[a-z0-9_]+/g) || [];
    return found.filter(function (word, index) { return found.indexOf(word) === index; });
  }

  function bucket(word, buckets) {
    var bytes = new TextEncoder().encode(word);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    }
    return hash % buckets;
  }

  function rank(manifest, terms) {
    var postings = terms.map(function () { return {}; });
    var jobs = [];
    manifest.segments.forEach(function (segment, s) {
      terms.forEach(function (term, t) {
        var path = "search/" + segment.id + "/b" + bucket(term, manifest.buckets) + ".json";
        jobs.push(json(path).then(function (words) {
          var list = words && words[term];
          if (!list) return;
          // [gap from the previous document with the word, count, …]
          for (var i = 0, doc = 0; i < list.length; i += 2) {
            doc += list[i];
            postings[t][s + ":" + doc] = list[i + 1];
          }
        }));
      });
    });
    return Promise.all(jobs).then(function () {
      var total = manifest.segments.reduce(function (sum, seg) { return sum + seg.docs; }, 0);
      var weights = postings.map(function (found) {
        return Math.log(1 + total / Math.max(1, Object.keys(found).length));
      });
      var every = Object.keys(postings[0]).filter(function (key) {
        return postings.every(function (found) { return key in found; });
      });
      var keys = every;
      if (!keys.length) {  // no page has every word: pages with some of them
        var any = {};
        postings.forEach(function (found) { Object.keys(found).forEach(function (k) { any[k] = 1; }); });
        keys = Object.keys(any);
      }
      return keys.map(function (key) {
        var score = 0;
        postings.forEach(function (found, t) { if (key in found) score += found[key] * weights[t]; });
        var parts = key.split(":");
        return { segment: +parts[0], doc: +parts[1], score: score, all: every.length > 0 };
      }).sort(function (a, b) {
        return b.score - a.score || a.segment - b.segment || a.doc - b.doc;
      });
    });
  }

  function show(manifest) {
    var page = results.slice(shown, shown + PAGE);
    return Promise.all(page.map(function (hit) {
      var segment = manifest.segments[hit.segment];
      var block = Math.floor(hit.doc / manifest.block);
      return json("search/" + segment.id + "/d" + block + ".json").then(function (docs) {
        return docs && docs[hit.doc % manifest.block];
      });
    })).then(function (docs) {
      docs.forEach(function (doc) {
        if (!doc) return;
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + doc[0];
        link.textContent = doc[1];
        var date = document.createElement("span");
        date.className = "thidua-search__date";
        date.textContent = " (" + doc[2] + ")";
        var summary = document.createElement("p");
        summary.textContent = doc[3];
        item.append(link, date, summary);
        list.append(item);
      });
      shown += page.length;
      more.hidden = shown >= results.length;
    });
  }

  function run(query) {
    var terms = words(query).slice(0, MAX_WORDS);
    list.textContent = "";
    more.hidden = true;
    shown = 0;
    if (!terms.length) { status.textContent = ""; return; }
    status.textContent = "Đang tìm…";
    json("search/index.json").then(function (manifest) {
      if (!manifest) { status.textContent = "Chưa tải được chỉ mục tìm kiếm."; return; }
      return rank(manifest, terms).then(function (found) {
        results = found;
        var count = found.length.toLocaleString("vi-VN");
        status.textContent = found.length === 0 ? "Không tìm thấy bài nào cho “" + query + "”."
          : (found[0].all ? "Tìm thấy " : "Không bài nào có đủ các từ; tìm thấy ") + count +
            " bài cho “" + query + "”.";
        return show(manifest);
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    run(query);
  });
  more.addEventListener("click", function () { json("search/index.json").then(show); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
  // The small manifest is needed by every query: fetched while the reader types the first one.
  else json("search/index.json");
}());
