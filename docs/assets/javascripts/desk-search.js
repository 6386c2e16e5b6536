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
  var BOOST = { b: 1, t: 1.2, g: 0.2, w: 0.2, x: 0.05 };
  /** Share of the scenario document's score added to its best buyer message. */
  var SCENARIO_SHARE = 1;
  /** How much a message that contains (most of) one buyer message gains: score × (1 + w·closeness²). */
  var CLOSE_WEIGHT = 1;
  /** Closeness to a buyer message shorter than this many character pairs is measured as if it had this many. */
  var CLOSE_MIN_PAIRS = 3;
  /** A scenario that answers more of the message ranks higher: score × coverage^p. */
  var COVERAGE_POWER = 0.5;
  /** "Not covered" below this: best score × share of the message's word weight that scenario matched. */
  var MIN_EVIDENCE = 8;
  /** Below this score the best scenario shares only a word or two with the message. */
  var MIN_SCORE = 20;
  /** Weight of each character of the message that is in no word of the handbook. */
  var UNKNOWN_WEIGHT = 1.5;
  /** Second question: how far down to look, what share of the message it must answer, and how well. */
  var SECOND_LOOKAHEAD = 12;
  var SECOND_MIN_SHARE = 0.2;
  var SECOND_MIN_SCORE = 15;
  var SECOND_ANSWERED = 0.3;
  /** Two questions, asked in order: the second scenario is put first when it ranks at least this share of the first,
   * each answers at least this share of the message on its own, with words that score this much and this many times
   * what they score for the other. */
  var ORDER_CLOSE = 0.6;
  var ORDER_MIN_SHARE = 0.3;
  var ORDER_MIN_WORD = 10;
  var OWN_RATIO = 2;
  var CODE = /^[a-z][a-z0-9]*$/;

  function split(text) { return text ? text.split(" ").filter(Boolean) : []; }

  function pairs(text) {
    var out = [];
    (text.replace(/ /g, "").match(/[\u3400-\u9fff\uf900-\ufaff]+/g) || []).forEach(function (run) {
      for (var at = 0; at + 1 < run.length; at++) out.push(run.slice(at, at + 2));
    });
    return out;
  }

  /** Documents from desk-index.json: one per buyer message (b, and its character pairs c), one per scenario. */
  function documents(index) {
    var docs = index.buyer.map(function (entry, id) {
      return { id: id, n: entry[0], b: entry[1], c: entry[1] };
    });
    index.scenario.forEach(function (fields, number) {
      docs.push({ id: docs.length, n: number, t: fields[0], g: fields[1], w: fields[2], x: fields[3] || "", c: fields[0] });
    });
    return docs;
  }

  /** Every word of the desk's index, for the query pipeline to cut messages into. */
  function indexWords(index) {
    var words = new Set();
    index.buyer.forEach(function (entry) { split(entry[1]).forEach(function (word) { words.add(word); }); });
    index.scenario.forEach(function (fields) {
      fields.forEach(function (text) { split(text).forEach(function (word) { words.add(word); }); });
    });
    return Array.from(words);
  }

  /** Which term shard holds a word or pair: a 31-hash of its UTF-16 code units (hooks/handbook/deskindex.py). */
  function shardOf(term, shards) {
    var value = 0;
    for (var at = 0; at < term.length; at++) value = (Math.imul(value, 31) + term.charCodeAt(at)) >>> 0;
    return value % shards;
  }

  /* The sharded form of the index (large handbooks): MiniSearch indexes built at build time, one per shard of
   * terms, each loaded with MiniSearch.loadJSON when a message needs one of its terms. A term's whole posting
   * list is in its shard and every shard carries the global document count and average field lengths, so a
   * word scores exactly as in one index over all documents. Offers the part of MiniSearch's API that search()
   * uses (one word or pair per search) and the per-document tables (docs, docScenario, docPairs). */
  function shardedIndex(index, MiniSearch, options, loadShard) {
    var buyerTotal = index.buyerCounts.reduce(function (sum, count) { return sum + count; }, 0);
    var docScenario = new Array(index.documentCount);
    var at = 0;
    index.buyerCounts.forEach(function (count, number) { for (var k = 0; k < count; k++) docScenario[at++] = number; });
    for (var number = 0; at < index.documentCount; number++) docScenario[at++] = number;
    var buyerDoc = { b: "" };
    var otherDoc = {};
    var docs = docScenario.map(function (number, id) { return id < buyerTotal ? buyerDoc : otherDoc; });
    var docPairs = new Array(index.documentCount).fill(0);
    var fieldIds = {};
    FIELDS.forEach(function (field, id) { fieldIds[field] = id; });
    var pairField = fieldIds.c;
    var loaded = {};
    var pending = {};

    function add(number, entries) {
      var js = {
        documentCount: index.documentCount, nextId: index.documentCount, documentIds: {}, fieldIds: fieldIds,
        fieldLength: {}, averageFieldLength: index.averageFieldLength, storedFields: {}, dirtCount: 0,
        index: [], serializationVersion: 2
      };
      entries.forEach(function (entry) {
        var data = {};
        for (var k = 0; k < entry[1].length; k += 2) {
          var field = entry[1][k];
          var flat = entry[1][k + 1];
          var step = field === pairField ? 4 : 3;
          var postings = {};
          for (var p = 0, doc = 0; p < flat.length; p += step) {
            doc += flat[p];
            postings[doc] = flat[p + 1];
            (js.fieldLength[doc] || (js.fieldLength[doc] = []))[field] = flat[p + 2];
            js.documentIds[doc] = doc;
            if (step === 4) docPairs[doc] = flat[p + 3];
          }
          data[field] = postings;
        }
        js.index.push([entry[0], data]);
      });
      loaded[number] = MiniSearch.loadJSON(JSON.stringify(js), options);
    }

    /** Load the shards of these words and pairs that are not here yet. */
    function need(words) {
      var wanted = {};
      words.forEach(function (word) { wanted[shardOf(word, index.shards)] = true; });
      return Promise.all(Object.keys(wanted).map(function (number) {
        if (loaded[number]) return null;
        return pending[number] || (pending[number] = loadShard(Number(number)).then(function (entries) {
          add(number, entries);
        }, function (error) { delete pending[number]; throw error; }));
      }));
    }

    function search(query, searchOptions) {
      var words = split(query);
      var shard = words.length ? shardOf(words[0], index.shards) : 0;
      words.forEach(function (word) {
        if (shardOf(word, index.shards) !== shard) throw new Error("desk index: one word per search, or words of one shard");
      });
      return loaded[shard] ? loaded[shard].search(query, searchOptions) : [];
    }

    return { search: search, need: need, docs: docs, docScenario: docScenario, docPairs: docPairs };
  }

  /** Build the engine from desk-index.json, query-dict.json's tables, the MiniSearch class and the pipeline.
   * desk-index.json holds either the documents (MiniSearch indexes them here) or, for a large handbook, the
   * head of the sharded index. `loaders` fetch the codes file (desk-codes.json) and a term shard (number → entries). */
  function create(index, tables, MiniSearch, pipeline, tuning, loaders) {
    var sharded = index.shards !== undefined;
    // Scenario ids and card shards; shortcut codes and pinyin initials arrive with loadCodes().
    index.scenarios = index.ids.map(function (id, number) {
      return { id: id, shard: Math.floor(number / index.cardShardSize), shortcuts: [], initials: "" };
    });
    var dict = pipeline.prepare(tables, sharded ? index.words : indexWords(index));
    dict.typoShopWords = true;
    var t = tuning || {};
    var boost = t.boost || BOOST;
    var pairWeight = t.pairWeight !== undefined ? t.pairWeight : PAIR_WEIGHT;
    var closeWeight = t.closeWeight !== undefined ? t.closeWeight : CLOSE_WEIGHT;
    var scenarioShare = t.scenarioShare !== undefined ? t.scenarioShare : SCENARIO_SHARE;
    var coveragePower = t.coveragePower !== undefined ? t.coveragePower : COVERAGE_POWER;
    var options = {
      fields: FIELDS,
      storeFields: [],
      // Words as cut at build time, plus the index words inside longer ones (运费险 also holds 运费);
      // field c holds the character pairs of the same text. hooks/handbook/deskindex.py tokenizes the same way.
      tokenize: function (text, field) {
        if (field === "c") return pairs(text);
        var words = split(text);
        return field ? words.concat(subWords(words)) : words;
      },
      processTerm: function (term) { return term; }
    };
    var store = sharded ? shardedIndex(index, MiniSearch, options, loaders.shard) : null;
    var docs = sharded ? store.docs : documents(index);
    var mini = sharded ? store : new MiniSearch(options);
    function subWords(words) {
      var out = [];
      words.forEach(function (word) {
        for (var start = 0; start < word.length && word.length > 2; start++) {
          for (var end = start + 2; end <= word.length; end++) {
            var piece = word.slice(start, end);
            if (piece !== word && dict.words.has(piece)) out.push(piece);
          }
        }
      });
      return out;
    }
    if (!sharded) mini.addAll(docs);
    var docScenario = sharded ? store.docScenario : docs.map(function (doc) { return doc.n; });
    var docPairs = sharded ? store.docPairs : docs.map(function (doc) { return doc.b !== undefined ? pairs(doc.c).length : 0; });
    var byShortcut = {};
    function indexCodes() {
      byShortcut = {};
      index.scenarios.forEach(function (scenario, number) {
        scenario.shortcuts.forEach(function (code) { byShortcut[code] = number; });
      });
    }
    indexCodes();
    var codesLoaded = null;

    /** Shortcut codes and pinyin initials: a file of their own (desk-codes.json), loaded once. */
    function loadCodes() {
      if (!codesLoaded) {
        codesLoaded = loaders.codes().then(function (data) {
          index.scenarios.forEach(function (scenario, number) {
            scenario.shortcuts = data.shortcuts[number];
            scenario.initials = data.initials[number];
          });
          indexCodes();
        }, function (error) { codesLoaded = null; throw error; });
      }
      return codesLoaded;
    }

    /** Everything search(query) needs, loaded: the shards of its words and pairs (and the codes for a code). */
    function load(query) {
      var text = String(query || "").trim();
      var waits = [];
      if (text && CODE.test(text.toLowerCase())) waits.push(loadCodes());
      if (text && sharded) {
        var words = pipeline.terms(text, dict).map(function (item) { return item.term; });
        waits.push(store.need(words.concat(pipeline.bigrams(text, dict))));
      }
      return Promise.all(waits);
    }

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
      var total = (terms.unknown || 0) * UNKNOWN_WEIGHT;
      // A handbook word a synonym added (包邮 for 包油) answers the buyer's own word: it counts as that word.
      var creditOf = {};
      terms.forEach(function (item) {
        weight[item.term] = item.weight;
        creditOf[item.term] = item.term;
      });
      terms.forEach(function (item) {
        if (item.extra && item.source && weight[item.source] !== undefined) creditOf[item.term] = item.source;
        if (creditOf[item.term] === item.term) total += item.weight;
      });
      // Each query word is searched on its own and counts once per scenario, at its best document:
      // a scenario that matches more of the message wins over one that repeats a single rare word.
      var scenarios = {};
      function entryFor(number) {
        return scenarios[number] || (scenarios[number] = { scenario: number, buyer: 0, rest: 0, matched: {}, perTerm: {}, byTerm: [], pairs: 0 });
      }
      function add(hits, factor, term, at) {
        var best = {};
        hits.forEach(function (hit) {
          var number = docScenario[hit.id];
          var isBuyer = docs[hit.id].b !== undefined;
          var slot = best[number] || (best[number] = { buyer: 0, rest: 0 });
          if (isBuyer) slot.buyer = Math.max(slot.buyer, hit.score);
          else slot.rest = Math.max(slot.rest, hit.score);
        });
        Object.keys(best).forEach(function (number) {
          var entry = entryFor(number);
          if (at) {
            entry.byTerm.push({ at: at, buyer: factor * best[number].buyer, rest: factor * best[number].rest });
          } else {
            entry.buyer += factor * best[number].buyer;
            entry.rest += factor * best[number].rest;
          }
          if (term) {
            entry.matched[term] = true;
            entry.perTerm[term] = factor * (best[number].buyer + scenarioShare * best[number].rest);
          }
        });
      }
      terms.forEach(function (item) {
        add(mini.search(item.term, { fields: WORD_FIELDS, boost: boost }), item.weight, item.term, item.at);
      });
      // Closeness to one buyer message: the share of its character pairs the message contains.
      var pairHits = {};
      var queryPairs = pipeline.bigrams(text, dict);
      queryPairs.forEach(function (pair) {
        var hits = mini.search(pair, { fields: ["c"] });
        add(hits, pairWeight, null);
        var counted = {};
        hits.forEach(function (hit) {
          var number = docScenario[hit.id];
          if (!counted[number]) { counted[number] = true; entryFor(number).pairs += 1; }
        });
        hits.forEach(function (hit) { if (docPairs[hit.id]) pairHits[hit.id] = (pairHits[hit.id] || 0) + 1; });
      });
      Object.keys(pairHits).forEach(function (id) {
        var entry = entryFor(docScenario[id]);
        // A buyer message of one or two pairs (在吗, 包邮吗) is inside almost any longer message: closeness to it
        // counts as if it had CLOSE_MIN_PAIRS pairs, unless the message itself is that short.
        var pairsOf = Math.max(docPairs[id], Math.min(CLOSE_MIN_PAIRS, queryPairs.length));
        entry.close = Math.max(entry.close || 0, pairHits[id] / pairsOf);
      });
      var results = Object.keys(scenarios).map(function (key) {
        var entry = scenarios[key];
        onceEach(entry);
        var matched = 0;
        var credited = {};
        for (var term in entry.matched) credited[creditOf[term]] = true;
        for (var word in credited) matched += weight[word] || 0;
        // Share of the message this scenario answers: its words, and its character pairs (typos, other cuts).
        var coverage = ((total ? matched / total : 0) + (queryPairs.length ? entry.pairs / queryPairs.length : 0)) / 2;
        var score = (entry.buyer + scenarioShare * entry.rest) * (1 + closeWeight * Math.pow(entry.close || 0, 2));
        return {
          scenario: Number(entry.scenario), score: score, rank: score * Math.pow(coverage, coveragePower),
          coverage: coverage, shortcut: null, perTerm: entry.perTerm
        };
      });
      results.sort(function (a, b) { return b.rank - a.rank || a.scenario - b.scenario; });
      var synonymOnly = {};
      terms.forEach(function (item) { if (item.extra) synonymOnly[item.term] = true; });
      secondQuestion(results, weight, total, synonymOnly);
      askedFirst(results, terms, weight, total);
      var best = results[0];
      var covered = !!best && best.score >= MIN_SCORE && best.score * best.coverage >= MIN_EVIDENCE;
      return { results: results, covered: covered, terms: terms };
    }

    /* Each stretch of the message counts once per scenario: of the words read from overlapping characters
     * (退回去, 退回, 回去), the best-scoring ones that do not overlap each other. */
    function onceEach(entry) {
      var taken = [];
      entry.byTerm.sort(function (a, b) { return (b.buyer + b.rest) - (a.buyer + a.rest); });
      entry.byTerm.forEach(function (match) {
        var clash = taken.some(function (at) { return at[0] === match.at[0] && at[1] < match.at[2] && match.at[1] < at[2]; });
        if (clash) return;
        taken.push(match.at);
        entry.buyer += match.buyer;
        entry.rest += match.rest;
      });
    }

    /* Two questions in one message, each of the top two scenarios answering a part of its own (是正品吧？有运费险没):
     * the agent answers in the order asked, so the scenario of the earlier part comes first when it is close. */
    function askedFirst(results, terms, weight, total) {
      if (results.length < 2 || !total) return;
      var part = {};
      terms.forEach(function (item) { if (item.at) part[item.term] = item.at[0]; });
      // The words one scenario answers clearly better than the other, and where in the message they are.
      function own(one, other) {
        var first = Infinity;
        var last = -1;
        var share = 0;
        for (var term in one.perTerm) {
          var score = one.perTerm[term];
          if (part[term] === undefined || score < ORDER_MIN_WORD || score <= OWN_RATIO * (other.perTerm[term] || 0)) continue;
          first = Math.min(first, part[term]);
          last = Math.max(last, part[term]);
          share += weight[term] || 0;
        }
        return { first: first, last: last, share: share / total };
      }
      var leader = own(results[0], results[1]);
      var runner = own(results[1], results[0]);
      if (runner.last < leader.first && leader.share >= ORDER_MIN_SHARE && runner.share >= ORDER_MIN_SHARE &&
          results[1].rank >= ORDER_CLOSE * results[0].rank) {
        results.splice(0, 2, results[1], results[0]);
      }
    }

    /* Two questions in one message (能便宜点吗 两件包邮不): the scenario that best answers the words the
     * first scenario left unanswered moves up to second place, when it answers enough of them. Words a
     * synonym added (便宜 → 优惠) restate the message and are never a second question of their own. */
    function secondQuestion(results, weight, total, synonymOnly) {
      if (results.length < 3 || !total) return;
      // A word counts as answered by the first scenario only where it matches there about as well as anywhere.
      var strongest = {};
      results.forEach(function (result) {
        for (var term in result.perTerm) strongest[term] = Math.max(strongest[term] || 0, result.perTerm[term]);
      });
      var answered = {};
      for (var word in results[0].perTerm) {
        if (results[0].perTerm[word] >= SECOND_ANSWERED * strongest[word]) answered[word] = true;
      }
      var best = -1;
      var bestScore = 0;
      for (var at = 1; at < Math.min(results.length, SECOND_LOOKAHEAD); at++) {
        var rest = 0;
        var restWeight = 0;
        for (var term in results[at].perTerm) {
          if (answered[term] === undefined && !synonymOnly[term]) { rest += results[at].perTerm[term]; restWeight += weight[term] || 0; }
        }
        if (restWeight / total >= SECOND_MIN_SHARE && rest > bestScore) { bestScore = rest; best = at; }
      }
      if (best > 1 && bestScore >= SECOND_MIN_SCORE) results.splice(1, 0, results.splice(best, 1)[0]);
    }

    return {
      search: search,
      load: load,
      /** After the first result: the codes, so a shortcut typed next needs no download. */
      preload: loadCodes,
      scenarios: index.scenarios,
      /** Add the pinyin table: typos that sound like a word (付宽 → 付款) are found from then on. */
      addPinyin: function (table) { pipeline.addPinyin(dict, table); }
    };
  }

  return { create: create };
});
