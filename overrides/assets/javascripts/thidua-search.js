/* One search for everything, over the split index written by thidua/outputs/search.py.
   Words are folded as there (lower case, đ→d, tones and marks dropped); each word is looked
   up in one bucket file per segment, found by the same FNV-1a hash. A segment holds one or
   more kinds (news, units, blocs, decisions, award recipients…, as the manifest names them);
   results are grouped by kind, each group under its name, groups whose best result is named
   by every word of the query first. Only the shown results' blocks of titles are fetched.
   No framework, no build step. */
(function () {
  "use strict";
  var box = document.querySelector("[data-thidua-search]");
  if (!box || !window.fetch) return;
  var root = box.getAttribute("data-root");
  var form = box.querySelector("form");
  var input = box.querySelector("input[name=q]");
  var status = box.querySelector(".thidua-search__status");
  var results = box.querySelector(".thidua-search__results");
  var FIRST = { "tin-tuc": 10 };  // results shown at first per kind; others show FEW
  var FEW = 5;
  var MORE = 10;
  var MAX_WORDS = 6;  // each word costs one file per segment: longer queries keep the first six
  var files = {};
  var current = 0;  // the query being answered: an older one's answers are dropped

  function json(path) {
    if (!files[path]) {
      files[path] = fetch(root + path).then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    }
    return files[path];
  }

  function fold(text) {  /* as thidua/core/text.py folds: marks and non-ASCII letters dropped */
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
    // Documents are numbered across segments (a segment's first is `offsets[s]`); each
    // term's postings become arrays of those numbers and counts, and scores add up in one
    // typed array: no object keyed by document, which large indexes make slow.
    var offsets = [], kinds = [], total = 0;
    manifest.segments.forEach(function (segment, s) {
      offsets[s] = total;
      segment.kinds.forEach(function (kind) {
        kinds.push([total, total + kind[1], kind[0]]);  // [first, end, kind]
        total += kind[1];
      });
    });
    var found = terms.map(function () { return []; });  // [term][segment] = [docs, counts]
    var jobs = [];
    manifest.segments.forEach(function (segment, s) {
      terms.forEach(function (term, t) {
        var path = "search/" + segment.id + "/b" + bucket(term, manifest.buckets) + ".json";
        jobs.push(json(path).then(function (words) {
          var list = words && words[term];
          if (!list) return;
          // [gap from the previous document with the word, count, …]
          var docs = new Int32Array(list.length / 2), counts = new Int32Array(list.length / 2);
          for (var i = 0, doc = offsets[s]; i < list.length; i += 2) {
            doc += list[i];
            docs[i / 2] = doc;
            counts[i / 2] = list[i + 1];
          }
          found[t][s] = [docs, counts];
        }));
      });
    });
    return Promise.all(jobs).then(function () {
      var score = new Float64Array(total), seen = new Uint8Array(total);
      found.forEach(function (parts) {
        var df = parts.reduce(function (n, part) { return n + (part ? part[0].length : 0); }, 0);
        var weight = Math.log(1 + total / Math.max(1, df));
        parts.forEach(function (part) {
          if (!part) return;
          for (var i = 0; i < part[0].length; i++) {
            score[part[0][i]] += part[1][i] * weight;
            seen[part[0][i]]++;
          }
        });
      });
      var all = seen.indexOf(terms.length) >= 0;
      var least = all ? terms.length : 1;  // nothing has every word: what has some of them
      var byKind = {};
      kinds.forEach(function (range) {
        for (var doc = range[0]; doc < range[1]; doc++) {
          if (seen[doc] >= least) (byKind[range[2]] = byKind[range[2]] || []).push(doc);
        }
      });
      var groups = Object.keys(byKind).map(function (kind) {
        var hits = byKind[kind].sort(function (a, b) { return score[b] - score[a] || a - b; });
        return { kind: +kind, shown: 0, hits: hits.map(function (doc) {
          var s = offsets.length - 1;  // the segment holding it, and its number there
          while (offsets[s] > doc) s--;
          return { segment: s, doc: doc - offsets[s] };
        }) };
      });
      return { all: all, groups: groups };
    });
  }

  function docs(manifest, hits) {
    return Promise.all(hits.map(function (hit) {
      var segment = manifest.segments[hit.segment];
      var block = Math.floor(hit.doc / manifest.block);
      return json("search/" + segment.id + "/d" + block + ".json").then(function (found) {
        return found && found[hit.doc % manifest.block];
      });
    }));
  }

  function item(doc) {  // [address, title, detail, summary]
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = root + doc[0];
    link.textContent = doc[1];
    li.append(link);
    if (doc[2]) {
      var detail = document.createElement("span");
      detail.className = "thidua-search__detail";
      detail.textContent = " · " + doc[2];
      li.append(detail);
    }
    if (doc[3]) {
      var summary = document.createElement("p");
      summary.textContent = doc[3];
      li.append(summary);
    }
    return li;
  }

  function named(doc, terms) {  // the title holds every word of the query
    var title = words(doc[1]);
    return terms.every(function (term) { return title.indexOf(term) >= 0; });
  }

  function section(manifest, group, found) {
    var kind = manifest.kinds[group.kind];
    var part = document.createElement("section");
    part.className = "thidua-search__group";
    part.setAttribute("aria-labelledby", "ket-qua-" + kind.id);
    var heading = document.createElement("h2");
    heading.id = "ket-qua-" + kind.id;
    heading.textContent = kind.label + " ";
    var count = document.createElement("span");
    count.className = "thidua-search__count";
    count.textContent = "(" + group.hits.length.toLocaleString("vi-VN") + ")";
    heading.append(count);
    var list = document.createElement("ol");
    found.forEach(function (doc) { if (doc) list.append(item(doc)); });
    part.append(heading, list);
    if (group.shown < group.hits.length) {
      var more = document.createElement("button");
      more.type = "button";
      more.className = "thidua-search__more";
      more.textContent = "Xem thêm " + kind.label.toLowerCase();
      more.addEventListener("click", function () {
        var page = group.hits.slice(group.shown, group.shown + MORE);
        docs(manifest, page).then(function (next) {
          var first = null;
          next.forEach(function (doc) {
            if (!doc) return;
            var li = item(doc);
            list.append(li);
            first = first || li.querySelector("a");
          });
          group.shown += page.length;
          more.hidden = group.shown >= group.hits.length;
          if (first) first.focus();
        });
      });
      part.append(more);
    }
    return part;
  }

  function run(query) {
    var terms = words(query).slice(0, MAX_WORDS);
    var asked = ++current;
    results.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    status.textContent = "Đang tìm…";
    json("search/index.json").then(function (manifest) {
      if (asked !== current) return;
      if (!manifest) { status.textContent = "Chưa tải được chỉ mục tìm kiếm."; return; }
      return rank(manifest, terms).then(function (ranked) {
        return Promise.all(ranked.groups.map(function (group) {
          var first = group.hits.slice(0, FIRST[manifest.kinds[group.kind].id] || FEW);
          group.shown = first.length;
          return docs(manifest, first);
        })).then(function (shown) {
          if (asked !== current) return;
          var groups = ranked.groups.map(function (group, i) {
            return { group: group, docs: shown[i],
                     named: !!shown[i][0] && named(shown[i][0], terms) };
          }).sort(function (a, b) {
            return (b.named - a.named) || (a.group.kind - b.group.kind);
          });
          var count = ranked.groups.reduce(function (n, g) { return n + g.hits.length; }, 0);
          var shownCount = count.toLocaleString("vi-VN");
          status.textContent = count === 0 ? "Không tìm thấy kết quả nào cho “" + query + "”."
            : (ranked.all ? "Tìm thấy " + shownCount + " kết quả"
               : "Không kết quả nào có đủ các từ; tìm thấy " + shownCount + " kết quả có một phần")
              + " cho “" + query + "”.";
          groups.forEach(function (entry) {
            results.append(section(manifest, entry.group, entry.docs));
          });
        });
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    run(query);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
  // The small manifest is needed by every query: fetched while the reader types the first one.
  else json("search/index.json");
}());
