/* The handbook's search, run as the worker behind Material's search box (generator/site/search.py
   writes its index). It speaks Material's worker protocol: SETUP {config, docs, options} ->
   READY; QUERY "text" -> RESULT {items: [[page, section...]...], suggest}. Each result also
   carries `hb` (the query it answers and the "did you mean" offered), which
   assets/javascripts/search.js shows. From file:// Material runs it in an iframe (the
   iframe-worker shim), where importScripts adds script tags: the same code serves both.

   Matching: the query and the pages are normalised by the same function (`fold`: NFKC, so
   full-width letters become half-width; lower case; punctuation, symbols and spaces
   dropped, so 《周工作报告》 is 周工作报告 and SC-008 is sc008), then the query is looked for
   as a substring: any run of characters matches, so 客户经理, 客户 经理 and 经理 all find 客户经理
   without a dictionary. Terms separated by spaces must all match (in any order). A title,
   code or alias that equals, starts with or contains the query scores most, then a heading,
   then the text (BM25, so a word repeated on a page counts less and less). Synonyms (an
   entity's aliases, a glossary term with its full name and aliases) count as the query
   itself, a little less. When nothing matches, one wrong, missing or extra character is
   forgiven in a query of three or more characters, and a same-sounding character (pinyin)
   in a query of two (汇款 -> 回款); the results are those of the correction, and it is
   offered as "did you mean". Failing that, pages sharing most of the query's character
   pairs (CJK bigrams) are listed. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var script = typeof document !== "undefined" && document.querySelector("script[src]");
var ROOT = (script ? script.src : self.location.href).replace(/assets\/javascripts\/search\/worker\.js.*$/, "");
var config = null, options = {}, index = null, pinyin = null;
var queue = Promise.resolve();
var MAX_RESULTS = 50, MAX_SECTIONS = 6, SNIPPET = 48, MAX_CORRECTED = 16;

/* ------------------------------------------------------------------ loading */

function load(url) {
  var done = importScripts(url);  // synchronous in a worker, a promise in the iframe shim
  return done && done.then ? done : Promise.resolve();
}

function ensureIndex() {
  if (index) return Promise.resolve(index);
  return load(ROOT + config.index).then(function () {
    index = prepare(self.hbIndex);
    return index;
  });
}

function ensurePinyin() {
  if (pinyin) return Promise.resolve(pinyin);
  return load(ROOT + "assets/javascripts/search/pinyin.js").then(function () {
    pinyin = new Map();
    self.hbPinyin.split("|").forEach(function (entry) {
      var at = entry.indexOf(":"), syllable = entry.slice(0, at);
      for (var ch of entry.slice(at + 1)) {
        if (!pinyin.has(ch)) pinyin.set(ch, []);
        pinyin.get(ch).push(syllable);
      }
    });
    return pinyin;
  }).catch(function () { pinyin = new Map(); return pinyin; });
}

/* ------------------------------------------------------------------ normalising */

var DROP = /[\p{P}\p{S}\p{Z}\p{C}]/gu;

/* One character as it is matched: "" for punctuation and spaces; a line break is kept (two
   table cells or paragraphs are never one phrase). */
function fold(ch) {
  var c = ch.charCodeAt(0);
  if (c < 128) {
    if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return ch;
    return c === 10 ? "\n" : "";
  }
  if (c >= 0x4e00 && c <= 0x9fff) return ch;
  return ch.normalize("NFKC").toLowerCase().replace(DROP, "");
}

/* A text's matched form, and for each of its characters the offset in the text. */
function field(text) {
  var out = [], map = [], at = 0;
  for (var ch of text) {
    var f = fold(ch);
    for (var k = 0; k < f.length; k++) { out.push(f[k]); map.push(at); }
    at += ch.length;
  }
  map.push(at);
  return { o: text, c: out.join(""), m: map };
}

function compact(text) { return field(text).c.replace(/\n/g, ""); }

/* The offset in `f.o` just after the character that `f.c[k]` comes from. */
function after(f, k) {
  var at = f.m[k];
  return at + (f.o.codePointAt(at) > 0xffff ? 2 : 1);
}

/* Codes are typed loosely: sc-8, SC008 and sc-008 are all SC-008. */
function unpad(s) { return s.replace(/(^|[^0-9])0+(?=[0-9])/g, "$1"); }

/* ------------------------------------------------------------------ the index */

function prepare(raw) {
  var docs = raw.docs.map(function (d, i) {
    var keys = [d.t].concat(d.a || []).map(field);
    return {
      i: i, l: d.l, k: d.k || "", page: d.p === undefined ? i : d.p, isPage: d.p === undefined,
      title: keys[0], keys: keys, zkeys: keys.map(function (f) { return unpad(f.c); }), text: field(d.x)
    };
  });
  var pages = [], children = new Map(), total = 0, passages = 0;
  docs.forEach(function (d) {
    if (d.isPage) { pages.push(d); children.set(d.i, []); }
    passages += d.text.c.length;
  });
  docs.forEach(function (d) { if (!d.isPage) children.get(d.page).push(d); });
  pages.forEach(function (p) {
    p.children = children.get(p.i);
    p.length = p.text.c.length + p.children.reduce(function (n, c) { return n + c.text.c.length; }, 0);
    total += p.length;
  });
  var synonyms = new Map();
  (raw.synonyms || []).forEach(function (group) {
    var forms = group.map(function (s) { return { c: compact(s), o: s }; }).filter(function (f) { return f.c; });
    forms.forEach(function (f) {
      if (!synonyms.has(f.c)) synonyms.set(f.c, []);
      forms.forEach(function (g) { if (g.c !== f.c) synonyms.get(f.c).push(g); });
    });
  });
  return { docs: docs, pages: pages, average: total / Math.max(pages.length, 1),
           passage: passages / Math.max(docs.length, 1), synonyms: synonyms,
           labels: raw.labels || {} };
}

/* ------------------------------------------------------------------ scoring */

/* How well a title or key matches: 1 equal, then starts with, then contains (a shorter
   title scores higher). A query holding a whole title (业务员职责) is left to `nearby`. */
function keyScore(f, n) {
  if (!f || !n) return 0;
  if (f === n) return 1;
  var at = f.indexOf(n);
  if (at === 0) return 0.7 + 0.2 * n.length / f.length;
  if (at > 0) return 0.5 + 0.2 * n.length / f.length;
  return 0;
}

function bestKey(d, needle) {
  var best = 0, z = unpad(needle);
  for (var i = 0; i < d.keys.length; i++) {
    var s = Math.max(keyScore(d.keys[i].c.replace(/\n/g, ""), needle), keyScore(d.zkeys[i], z));
    if (s > best) best = s;
  }
  return best;
}

function count(text, n) {
  if (!n) return 0;
  var c = 0, at = text.indexOf(n);
  while (at >= 0 && c < 50) { c++; at = text.indexOf(n, at + n.length); }
  return c;
}

/* The needles of a term: itself, and its synonyms a little weaker. */
function needles(term) {
  var out = [{ c: term, o: term, w: 1 }];
  (index.synonyms.get(term) || []).forEach(function (s) { out.push({ c: s.c, o: s.o, w: 0.85 }); });
  return out;
}

/* The weight of `tf` hits in a text of `length` characters (BM25: a hit in a short passage
   counts more than one in a long one, and each further hit less). */
function bm25(tf, length, average) {
  return tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * Math.max(length, 20) / average));
}

/* Each page's score for one term (title, headings, text), whether it matched, and its
   sections that matched (with how well their heading matched: 0 for the text only). The
   text counts by its best passage (the page's opening, a section, an article, a glossary
   entry) and by the page as a whole. */
function scoreTerm(term) {
  var ns = needles(term), df = 0, rows = [];
  index.pages.forEach(function (p) {
    var title = 0, head = 0, text = 0, any = false, sections = new Map();
    ns.forEach(function (n) {
      title = Math.max(title, n.w * bestKey(p, n.c));
      var hits = count(p.text.c, n.c), best = bm25(hits, p.text.c.length, index.passage);
      p.children.forEach(function (c) {
        var h = n.w * bestKey(c, n.c), t = count(c.text.c, n.c);
        if (h > 0 || t > 0) sections.set(c, Math.max(sections.get(c) || 0, h));
        head = Math.max(head, h);
        hits += t;
        best = Math.max(best, bm25(t, c.text.c.length, index.passage));
      });
      if (hits) any = true;
      text = Math.max(text, n.w * (0.6 * best + 0.4 * bm25(hits, p.length, index.average)));
    });
    if (any) df++;
    rows.push({ title: title, head: head, text: text, sections: sections, matched: title > 0 || head > 0 || any });
  });
  var n = index.pages.length;
  var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  rows.forEach(function (r) { r.score = 100 * r.title + 30 * r.head + 15 * idf * r.text; });
  return { rows: rows, needles: ns };
}

var PRIOR = { checklist: 0.85 };

/* Pages ranked for the terms (all of which should match) and the phrase they make. */
function rank(terms) {
  var phrase = terms.join(""), parts = terms.map(scoreTerm);
  var whole = terms.length > 1 ? scoreTerm(phrase) : null;
  var ranked = [], exact = false;
  index.pages.forEach(function (p, i) {
    var matched = 0, score = 0, sections = new Map();
    parts.forEach(function (part) {
      var r = part.rows[i];
      if (r.matched) matched++;
      score += r.score;
      r.sections.forEach(function (v, c) { sections.set(c, Math.max(sections.get(c) || 0, v)); });
    });
    score *= Math.pow(matched / terms.length, 2);
    if (whole && whole.rows[i].matched) {
      score += 1.2 * whole.rows[i].score;
      matched = terms.length;
    }
    if (score <= 0) return;
    if (matched === terms.length) exact = true;
    ranked.push({ page: p, score: score * (PRIOR[p.k] || 1), sections: sections, all: matched === terms.length });
  });
  ranked.sort(function (a, b) { return b.score - a.score; });
  var found = parts.reduce(function (all, part) { return all.concat(part.needles); }, whole ? whole.needles : []);
  return { ranked: ranked, exact: exact, needles: found };
}

/* ------------------------------------------------------------------ typos */

function sameSound(a, b) {
  var x = pinyin.get(a), y = pinyin.get(b);
  if (!x || !y) return 0;
  var loose = function (s) { return s.replace(/^([zcs])h/, "$1").replace(/^l/, "n").replace(/ng$/, "n"); };
  for (var i = 0; i < x.length; i++)
    for (var j = 0; j < y.length; j++) {
      if (x[i] === y[j]) return 2;
      if (loose(x[i]) === loose(y[j])) return 1;
    }
  return 0;
}

/* The one-character correction of `q` found most in titles, keys and text. */
function correct(q) {
  var chars = Array.from(q), n = chars.length;
  if (n < 2) return null;
  var found = new Map();

  function offer(f, start, length, weight) {
    var c = f.c.substr(start, length);
    if (c.indexOf("\n") >= 0 || c === q) return;
    var o = f.o.slice(f.m[start], after(f, start + length - 1));
    var seen = found.get(c) || { c: c, o: o, score: 0 };
    seen.score += weight;
    found.set(c, seen);
  }

  function scan(f, weight) {
    var t = f.c;
    for (var i = 0; i + n - 1 <= t.length; i++) {
      if (i + n <= t.length) {  // one character replaced
        var wrong = -1, k = 0;
        for (; k < n; k++) if (t[i + k] !== chars[k]) { if (wrong >= 0) break; wrong = k; }
        if (k === n && wrong >= 0) {
          var sound = sameSound(chars[wrong], t[i + wrong]);
          if (n >= 3 || sound) offer(f, i, n, weight * (1 + sound) * 1.5);
        }
      }
      if (n >= 3 && i + n + 1 <= t.length && t[i] === chars[0]) {  // one character left out
        var a = 0, b = 0, skipped = 0;
        while (a < n && b < n + 1 && skipped <= 1) { if (t[i + b] === chars[a]) { a++; b++; } else { b++; skipped++; } }
        if (a === n && skipped <= 1) offer(f, i, n + 1, weight);
      }
      if (n >= 4 && t[i] === chars[0]) {  // one character too many
        var p = 0, r = 0, extra = 0;
        while (p < n && r < n - 1 && extra <= 1) { if (t[i + r] === chars[p]) { p++; r++; } else { p++; extra++; } }
        if (r === n - 1 && extra + (n - p) <= 1) offer(f, i, n - 1, weight);
      }
    }
  }

  index.docs.forEach(function (d) {
    d.keys.forEach(function (f) { scan(f, 5); });
    scan(d.text, 1);
  });
  var best = null;
  found.forEach(function (v) { if (!best || v.score > best.score) best = v; });
  return best;
}

/* Pages sharing most of the query's character pairs, for a query nothing else found. */
function pairs(s) {
  var out = new Set(), a = Array.from(s);
  for (var i = 0; i + 1 < a.length; i++) out.add(a[i] + a[i + 1]);
  return out;
}

function nearby(q) {
  var want = pairs(q), ranked = [];
  if (want.size < 2) return ranked;
  index.pages.forEach(function (p) {
    var title = 0;
    p.keys.forEach(function (f) {
      var have = pairs(f.c), both = 0;
      want.forEach(function (x) { if (have.has(x)) both++; });
      title = Math.max(title, 2 * both / (want.size + have.size));
    });
    var text = 0;
    want.forEach(function (x) {
      if (p.text.c.indexOf(x) >= 0 || p.children.some(function (c) { return c.text.c.indexOf(x) >= 0; })) text++;
    });
    text /= want.size;
    var score = (title >= 0.4 ? 100 * title : 0) + (text >= 0.6 ? 30 * text : 0);
    if (score > 0) ranked.push({ page: p, score: score * (PRIOR[p.k] || 1), sections: new Map(), all: false });
  });
  ranked.sort(function (a, b) { return b.score - a.score; });
  return ranked;
}

/* ------------------------------------------------------------------ results */

function escape(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* `f.o` from `from` to `to` (offsets into f.o), escaped, with each needle found marked. */
function marked(f, ns, from, to) {
  from = from || 0;
  to = to === undefined ? f.o.length : to;
  var spans = [];
  ns.forEach(function (n) {
    if (!n.c) return;
    for (var at = f.c.indexOf(n.c); at >= 0; at = f.c.indexOf(n.c, at + n.c.length)) {
      var s = f.m[at], e = after(f, at + n.c.length - 1);
      if (s >= from && e <= to) spans.push([s, e]);
    }
  });
  spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  var out = "", at = from;
  spans.forEach(function (sp) {
    if (sp[0] < at) return;
    out += escape(f.o.slice(at, sp[0])) + "<mark>" + escape(f.o.slice(sp[0], sp[1])) + "</mark>";
    at = sp[1];
  });
  return out + escape(f.o.slice(at, to));
}

/* The first needle found in a text (its offset in the matched form), or -1. */
function firstHit(f, ns) {
  var first = -1;
  ns.forEach(function (n) {
    var at = n.c ? f.c.indexOf(n.c) : -1;
    if (at >= 0 && (first < 0 || at < first)) first = at;
  });
  return first;
}

/* The line of a text around the first needle found, marked; without one, the text's first
   line of a sentence's length (a role's 岗位目的 rather than its table of facts). */
function snippet(f, ns) {
  var first = firstHit(f, ns);
  var o = f.o, at;
  if (first >= 0) at = f.m[first];
  else {
    var lines = o.split("\n"), k = lines.findIndex(function (l) { return l.length >= 12; });
    at = k < 0 ? 0 : lines.slice(0, k).join("\n").length + (k ? 1 : 0);
  }
  var start = o.lastIndexOf("\n", at - 1) + 1, end = o.indexOf("\n", at);
  if (end < 0) end = o.length;
  if (at - start > SNIPPET) start = at - SNIPPET;
  if (end - start > 3 * SNIPPET) end = start + 3 * SNIPPET;
  var text = marked(f, ns, start, end);
  return (start > 0 && o[start - 1] !== "\n" ? "…" : "") + text + (end < o.length && o[end] !== "\n" ? "…" : "");
}

/* What a page's result shows under its title: where its own opening text holds the words,
   else where its first section holding them does, else its opening. */
function teaser(p, ns) {
  if (firstHit(p.text, ns) >= 0) return snippet(p.text, ns);
  var hit = p.children.find(function (c) { return firstHit(c.text, ns) >= 0; });
  return hit ? snippet(hit.text, ns) : snippet(p.text, ns);
}

function items(ranked, ns, raw) {
  var terms = {};
  raw.split(/\s+/).filter(Boolean).forEach(function (t) { terms[t] = true; });
  return ranked.slice(0, MAX_RESULTS).map(function (r) {
    var p = r.page, kind = index.labels["kind_" + (p.k || "page")] || "";
    var page = {
      location: p.l, score: r.score, terms: terms,
      title: (kind ? '<span class="hb-kind hb-kind--' + escape(p.k || "page") + '">' + escape(kind) + "</span> " : "") +
        marked(p.title, ns),
      text: teaser(p, ns)
    };
    // Material shows the page, then the sections scoring at least as well as it (those whose
    // heading matched; Enter opens the best of them), then "more" (text matches)
    var sections = [];
    r.sections.forEach(function (head, c) { sections.push({ c: c, head: head }); });
    sections.sort(function (a, b) { return b.head - a.head || a.c.i - b.c.i; });
    var group = [page];
    sections.slice(0, MAX_SECTIONS).forEach(function (s, k) {
      group.push({
        location: s.c.l, terms: terms,
        score: s.head > 0 ? r.score + (k === 0 ? 0.01 : 0) : r.score * 0.5,
        title: marked(s.c.title, ns), text: snippet(s.c.text, ns)
      });
    });
    return group;
  });
}

/* A completion of the last word typed, from the best title starting with it. */
function completion(raw, ranked) {
  var words = raw.split(/[\s-]+/), last = words[words.length - 1];
  if (!last) return [];
  var low = last.toLowerCase();
  for (var i = 0; i < Math.min(ranked.length, 10); i++) {
    var t = ranked[i].page.title.o;
    if (t.length > last.length && t.toLowerCase().indexOf(low) === 0) return [last + t.slice(last.length)];
  }
  return [];
}

function search(raw) {
  var terms = raw.split(/\s+/).map(compact).filter(Boolean);
  var hb = { query: raw, suggestion: "", prompt: (index && index.labels.did_you_mean) || "" };
  if (!terms.length) return Promise.resolve({ items: [], hb: hb });
  return ensureIndex().then(function () {
    hb.prompt = index.labels.did_you_mean || "";
    var found = rank(terms);
    if (found.exact) return found;
    var phrase = terms.join("");
    return ensurePinyin().then(function () {
      var fix = phrase.length <= MAX_CORRECTED ? correct(phrase) : null;  // a pasted paragraph is no typo
      if (fix) {
        var fixed = rank([fix.c]);
        if (fixed.exact) { hb.suggestion = fix.o; return fixed; }
      }
      var near = nearby(phrase);
      return { ranked: near.length ? near : found.ranked, needles: found.needles };
    });
  }).then(function (found) {
    var result = { items: items(found.ranked, found.needles, hb.suggestion || raw), hb: hb };
    if (options.suggest) result.suggest = completion(raw, found.ranked);
    return result;
  });
}

/* ------------------------------------------------------------------ messages */

function handle(message) {
  switch (message.type) {
    case SETUP:
      config = message.data.config;
      options = message.data.options || {};
      return Promise.resolve({ type: READY });
    case QUERY:
      return search(String(message.data)).then(function (data) {
        return { type: RESULT, data: data };
      }, function (err) {
        console.warn("search:", err);
        return { type: RESULT, data: { items: [], hb: { query: String(message.data), suggestion: "" } } };
      });
    default:
      return Promise.resolve(null);
  }
}

addEventListener("message", function (ev) {
  queue = queue.then(function () { return handle(ev.data); }).then(function (reply) {
    if (reply) postMessage(reply);
  });
});
