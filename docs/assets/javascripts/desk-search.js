/* 客服话术手册 — ranking of the 接待台 (desk): which scenarios, best first, answer a pasted message.
 *
 * Documents (hooks/handbook/desk.py): one per buyer message of a scenario ("b") and one per scenario
 * for its title, tags, conditions and reply texts. MiniSearch (BM25) scores the weighted words of
 * the shared query pipeline; a scenario scores as its best-matching buyer message plus a share of
 * its title/tag/reply match, so a message close to a buyer message beats a title or tag match.
 * Shortcut codes and pinyin initials are looked up directly. Works in the browser (window.handbookDesk)
 * and in Node. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.handbookDeskSearch = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FIELDS = ["b", "t", "g", "w", "x", "c"];
  var WORD_FIELDS = ["b", "t", "g", "w", "x"];
  /** Weight of the character-pair match (typos, homophones, words cut differently). */
  var PAIR_WEIGHT = 0.5;
  var BOOST = { b: 1, t: 0.8, g: 0.4, w: 0.4, x: 0.15 };
  /** Share of the scenario document's score added to its best buyer message. */
  var SCENARIO_SHARE = 0.6;
  /** Below this share of the message's word weight matched by the best scenario, say "not covered". */
  /** How much a message that contains (most of) one buyer message gains: score × (1 + w·closeness²). */
  var CLOSE_WEIGHT = 1;
  var MIN_COVERAGE = 0.34;
  var MIN_SCORE = 2.5;
  var CODE = /^[a-z][a-z0-9]*$/;

  function split(text) { return text ? text.split(" ") : []; }

  /** Build the engine from desk-index.json, the prepared query dictionary and the MiniSearch class. */
  function create(index, dict, MiniSearch, pipeline) {
    var mini = new MiniSearch({
      fields: FIELDS,
      storeFields: [],
      tokenize: split,
      processTerm: function (term) { return term; }
    });
    mini.addAll(index.documents);
    var docScenario = index.documents.map(function (doc) { return doc.n; });
    var docPairs = index.documents.map(function (doc) { return doc.b !== undefined ? split(doc.c).length : 0; });
    var byShortcut = {};
    index.scenarios.forEach(function (scenario, number) {
      scenario.shortcuts.forEach(function (code) { byShortcut[code] = number; });
    });

    function codes(query) {
      var code = query.toLowerCase();
      if (!CODE.test(code)) return null;
      var found = [];
      var seen = {};
      function push(number, shortcut, rank) {
        if (seen[number] !== undefined) return;
        seen[number] = found.length;
        found.push({ scenario: number, shortcut: shortcut, score: 100 - rank, coverage: 1 });
      }
      if (byShortcut[code] !== undefined) push(byShortcut[code], code, 0);
      index.scenarios.forEach(function (scenario, number) {
        scenario.shortcuts.forEach(function (shortcut) {
          if (shortcut.indexOf(code) === 0) push(number, shortcut, 1);
        });
      });
      index.scenarios.forEach(function (scenario, number) {
        if (scenario.initials.indexOf(code) === 0) push(number, null, 2);
      });
      return found.length ? found : null;
    }

    /** Ranked scenarios for a message: {results: [{scenario, score, coverage, shortcut}], covered, terms}. */
    function search(query) {
      var text = String(query || "").trim();
      if (!text) return { results: [], covered: true, terms: [] };
      var coded = codes(text);
      if (coded) return { results: coded, covered: true, terms: [] };
      var terms = pipeline.terms(text, dict);
      if (!terms.length) return { results: [], covered: false, terms: terms };
      var weight = {};
      var total = 0;
      terms.forEach(function (item) {
        weight[item.term] = item.weight;
        total += item.weight;
      });
      // Each query word is searched on its own and counts once per scenario, at its best document:
      // a scenario that matches more of the message wins over one that repeats a single rare word.
      var scenarios = {};
      function entryFor(number) {
        return scenarios[number] || (scenarios[number] = { scenario: number, buyer: 0, rest: 0, matched: {} });
      }
      function add(hits, factor, term) {
        var best = {};
        hits.forEach(function (hit) {
          var number = docScenario[hit.id];
          var isBuyer = index.documents[hit.id].b !== undefined;
          var slot = best[number] || (best[number] = { buyer: 0, rest: 0 });
          if (isBuyer) slot.buyer = Math.max(slot.buyer, hit.score);
          else slot.rest = Math.max(slot.rest, hit.score);
        });
        Object.keys(best).forEach(function (number) {
          var entry = entryFor(number);
          entry.buyer += factor * best[number].buyer;
          entry.rest += factor * best[number].rest;
          if (term) entry.matched[term] = true;
        });
      }
      terms.forEach(function (item) {
        add(mini.search(item.term, { fields: WORD_FIELDS, boost: BOOST }), item.weight, item.term);
      });
      // Closeness to one buyer message: the share of its character pairs the message contains.
      var pairHits = {};
      pipeline.bigrams(text, dict).forEach(function (pair) {
        var hits = mini.search(pair, { fields: ["c"] });
        add(hits, PAIR_WEIGHT, null);
        hits.forEach(function (hit) { if (docPairs[hit.id]) pairHits[hit.id] = (pairHits[hit.id] || 0) + 1; });
      });
      Object.keys(pairHits).forEach(function (id) {
        var entry = entryFor(docScenario[id]);
        entry.close = Math.max(entry.close || 0, pairHits[id] / docPairs[id]);
      });
      var results = Object.keys(scenarios).map(function (key) {
        var entry = scenarios[key];
        var matched = 0;
        for (var term in entry.matched) matched += weight[term] || 0;
        return {
          scenario: Number(entry.scenario),
          score: (entry.buyer + SCENARIO_SHARE * entry.rest) * (1 + CLOSE_WEIGHT * Math.pow(entry.close || 0, 2)),
          coverage: total ? matched / total : 0,
          shortcut: null
        };
      });
      results.sort(function (a, b) { return b.score - a.score || a.scenario - b.scenario; });
      var best = results[0];
      var covered = !!best && best.coverage >= MIN_COVERAGE && best.score >= MIN_SCORE;
      return { results: results, covered: covered, terms: terms };
    }

    return { search: search, scenarios: index.scenarios };
  }

  return { create: create };
});
