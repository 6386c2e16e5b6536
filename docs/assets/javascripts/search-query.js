/* 客服话术手册 — segment pasted buyer messages before Material's search worker sees them.
 *
 * Material's worker cuts each run of Chinese characters greedily against its index, but never
 * matches the run's last character (补货 is searched as 补*), stops at the first character it
 * does not know (怎么让买家删差评 loses 差评) and glues digits to words. This script is loaded before
 * Material's bundle; it wraps the search worker and rewrites each query message:
 *   traditional → simplified characters, buyer spellings → handbook words (snippets/search.yml),
 *   then a shortest segmentation into words that exist in the index, stopwords dropped.
 * Each word is sent followed by a sentinel character that is not in the index, so the worker's
 * cutter keeps the whole word. The dictionary is search/query-dict.json, written at build time. */
(function () {
  "use strict";

  var SEARCH_QUERY = 2; // Material's SearchMessageType.QUERY
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
  var NativeWorker = window.Worker;
  if (!NativeWorker) return;

  function baseUrl() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  /* fetch() is refused on file:// (the offline bundle): there the same data comes as a script. */
  function fetchDictionary() {
    if (window.location.protocol === "file:") {
      return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("search/query-dict.js", baseUrl()).href;
        script.onload = function () { resolve(window.__handbookQueryDict); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return fetch(new URL("search/query-dict.json", baseUrl())).then(function (response) {
      if (!response.ok) throw new Error("query-dict.json: " + response.status);
      return response.json();
    });
  }

  function loadDictionary() {
    return fetchDictionary().then(function (data) {
      var words = new Set(data.words);
      var longest = data.words.reduce(function (max, word) { return Math.max(max, word.length); }, 1);
      var synonyms = Object.keys(data.synonyms).sort(function (a, b) { return b.length - a.length; });
      return {
        sentinel: data.sentinel,
        words: words,
        longest: longest,
        traditional: data.traditional,
        synonyms: data.synonyms,
        synonymKeys: synonyms,
        stopwords: new Set(data.stopwords)
      };
    });
  }

  /* Fewest pieces that are index words, longest first piece on ties (forward maximum matching);
   * characters that start no word are skipped. */
  function segmentRun(run, dict) {
    var n = run.length;
    var best = [];
    best[n] = { cost: 0, to: n, word: false };
    for (var start = n - 1; start >= 0; start--) {
      best[start] = { cost: best[start + 1].cost + 3, to: start + 1, word: false };
      for (var end = Math.min(n, start + dict.longest); end > start; end--) {
        if (best[end].cost + 1 < best[start].cost && dict.words.has(run.slice(start, end))) {
          best[start] = { cost: best[end].cost + 1, to: end, word: true };
        }
      }
    }
    var pieces = [];
    for (var at = 0; at < n; at = best[at].to) {
      if (best[at].word) pieces.push(run.slice(at, best[at].to));
    }
    return pieces;
  }

  function overlapping(run, dict) {
    var words = [];
    for (var start = 0; start < run.length; start++) {
      for (var end = start + 2; end <= Math.min(run.length, start + dict.longest); end++) {
        if (dict.words.has(run.slice(start, end))) words.push(run.slice(start, end));
      }
    }
    return words;
  }

  function rewrite(query, dict) {
    var text = Array.prototype.map.call(query, function (char) {
      return dict.traditional[char] || char;
    }).join("").toLowerCase();
    var extra = [];
    dict.synonymKeys.forEach(function (key) {
      if (text.indexOf(key) >= 0) extra.push(dict.synonyms[key]);
    });
    text += " " + extra.join(" ");
    var terms = [];
    var seen = new Set();
    function add(piece, weight) {
      if (dict.stopwords.has(piece) || seen.has(piece)) return;
      seen.add(piece);
      // "^N" also stops Material from adding a trailing wildcard (运费* would match 运费险).
      if (HAN.test(piece)) terms.push(piece + dict.sentinel + "^" + weight);
      else if (dict.words.has(piece) || piece.length > 1) terms.push(piece);
    }
    text.split(/[^\u3400-\u9fff\uf900-\ufaffa-z0-9]+/).forEach(function (chunk) {
      chunk.split(/([a-z0-9]+)/).forEach(function (part) {
        if (!part) return;
        if (!HAN.test(part)) return add(part, 1);
        segmentRun(part, dict).forEach(function (piece) { add(piece, piece.length > 1 ? 3 : 1); });
        // Words that overlap the chosen cut (能换|码 also holds 换码) still find pages cut the other way.
        overlapping(part, dict).forEach(function (word) { add(word, 2); });
      });
    });
    return terms.join(" ") || query;
  }

  var dictionary = null;

  function SearchAwareWorker(url, options) {
    var worker = new NativeWorker(url, options);
    if (!/workers\/search\./.test(String(url))) return worker;
    dictionary = dictionary || loadDictionary().catch(function (error) {
      console.warn("客服话术手册: 搜索词典加载失败，使用默认搜索。", error);
      return null;
    });
    var post = worker.postMessage.bind(worker);
    worker.postMessage = function (message) {
      if (!message || message.type !== SEARCH_QUERY || typeof message.data !== "string") {
        return post.apply(null, arguments);
      }
      dictionary.then(function (dict) {
        post({ type: SEARCH_QUERY, data: dict ? rewrite(message.data, dict) : message.data });
      });
    };
    return worker;
  }
  SearchAwareWorker.prototype = NativeWorker.prototype;
  window.Worker = SearchAwareWorker;

  // Exposed for tests and for the quick-reply panel.
  window.handbookSearch = {
    rewrite: function (query) {
      return (dictionary || (dictionary = loadDictionary())).then(function (dict) { return rewrite(query, dict); });
    }
  };
})();
