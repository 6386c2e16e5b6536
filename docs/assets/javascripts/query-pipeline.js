/* 客服话术手册 — the one query pipeline of the site search and the 接待台 (desk).
 *
 * A pasted buyer message is turned into weighted words that exist in the handbook's index:
 *   noise dropped (links, long order numbers, [图片]-style markers, zero-width characters),
 *   dialect and netspeak → plain Mandarin (dialect in snippets/search.yml: 冇 → 没有, 點解 → 为什么, rewritten in place),
 *   traditional → simplified characters, lower case,
 *   buyer spellings → handbook words (synonyms in snippets/search.yml, added to the message),
 *   a shortest segmentation into index words, plus index words that overlap the chosen cut,
 *   stopwords (snippets/search.yml) dropped.
 * Its tables (search/query-dict.json) are written at build time from the YAML (hooks/handbook/search.py);
 * the words to cut into are the site's (search/query-words.json) or the desk's (its index). Works in the browser (window.handbookQuery) and in Node (benchmarks). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.handbookQuery = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
  /* Particles that end a sentence or mark an aspect: a word of one character and one of these means that character. */
  var PARTICLES = "了啦吗呢吧啊呀哦嘛的着过";
  var NOISE = [
    // A shared item ("【淘宝】<link> 「item title」点击链接直接打开"): the title names the item, never the question.
    /【[^】]{1,6}】|「[^」]*」|点击链接直接打开|或者?淘宝搜索直接打开|复制这条信息|[￥$][a-z0-9]{6,}[￥$]/gi,
    /https?:\/\/\S+/gi, // pasted links
    /\b[a-z]{2}\d{8,}\b/gi, // waybill numbers such as YT1234567890
    /\d{8,}/g, // order numbers
    /\[[^\]\s]{1,6}\]/g, // chat placeholders such as [图片] [表情]
    /[\u200b-\u200f\u2060\ufeff]/g // zero-width characters
  ];

  /** Index the tables of query-dict.json and a word list (the site's or the desk's) for fast look-ups. */
  function prepare(data, wordList) {
    var words = new Set(wordList);
    (data.shopWords || []).forEach(function (word) { words.add(word); });
    var longest = 1;
    words.forEach(function (word) { longest = Math.max(longest, word.length); });
    var stopwords = new Set(data.stopwords);
    var dict = {
      pinyin: {},
      homophones: {},
      sentinel: data.sentinel,
      words: words,
      longest: longest,
      traditional: data.traditional,
      synonyms: data.synonyms,
      synonymKeys: Object.keys(data.synonyms).sort(function (a, b) { return b.length - a.length; }),
      dialect: data.dialect || {},
      dialectPattern: dialectPattern(data.dialect || {}),
      stopwords: stopwords,
      shopWords: new Set(data.shopWords || [])
    };
    if (data.pinyin) addPinyin(dict, data.pinyin);
    return dict;
  }

  /** Add the pinyin table (query-pinyin.json, "fu付父…;kuan宽款…"): words of two to four characters are then
   * also found by their sound, so a typo with the same pinyin (包油, 付宽) finds them. */
  function addPinyin(dict, table) {
    var pinyin = {};
    table.split(";").forEach(function (group) {
      var sound = group.match(/^[a-z]+/);
      if (!sound) return;
      for (var at = sound[0].length; at < group.length; at++) pinyin[group[at]] = sound[0];
    });
    // Every word of a sound: 增品 sounds like both 正品 and 赠品 once zh/z are not told apart.
    var homophones = {};
    dict.words.forEach(function (word) {
      if (word.length < 2 || word.length > 4 || dict.stopwords.has(word)) return;
      var key = sound(word, pinyin);
      if (key) (homophones[key] = homophones[key] || []).push(word);
    });
    // Two-character words by one of their characters: 评介 finds 评价 by 评 and a syllable one letter away.
    var byChar = {};
    dict.words.forEach(function (word) {
      if (word.length !== 2 || dict.stopwords.has(word) || !pinyin[word[0]] || !pinyin[word[1]]) return;
      (byChar["0" + word[0]] = byChar["0" + word[0]] || []).push(word);
      (byChar["1" + word[1]] = byChar["1" + word[1]] || []).push(word);
    });
    dict.pinyin = pinyin;
    dict.homophones = homophones;
    dict.byChar = byChar;
    return dict;
  }

  function sound(text, pinyin) {
    var parts = [];
    for (var i = 0; i < text.length; i++) {
      if (!pinyin[text[i]]) return "";
      parts.push(pinyin[text[i]]);
    }
    return parts.join("-");
  }

  /** One pattern of every dialect spelling, longest first, so 係唔係 is read before 係 and 唔. */
  function dialectPattern(dialect) {
    var keys = Object.keys(dialect).sort(function (a, b) { return b.length - a.length; });
    if (!keys.length) return null;
    return new RegExp(keys.map(function (key) { return key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g");
  }

  /** Noise out, dialect → Mandarin, traditional → simplified, lower case. The dialect step comes before
   * traditional → simplified because OpenCC turns the Cantonese 係 (是) into 系, the 系 of 联系. */
  function normalize(query, dict) {
    var text = String(query);
    NOISE.forEach(function (pattern) { text = text.replace(pattern, " "); });
    if (dict.dialectPattern) text = text.replace(dict.dialectPattern, function (word) { return dict.dialect[word]; });
    return Array.prototype.map.call(text, function (char) {
      return dict.traditional[char] || char;
    }).join("").toLowerCase();
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
    pieces.unknown = 0;
    pieces.cut = []; // length of each piece of the cut, words and single characters alike
    pieces.unknownAt = []; // where the characters in no index word are
    pieces.at = []; // where each word of the cut starts
    for (var at = 0; at < n; at = best[at].to) {
      if (best[at].word) { pieces.push(run.slice(at, best[at].to)); pieces.at.push(at); }
      else { pieces.unknown += 1; pieces.unknownAt.push(at); }
      pieces.cut.push(best[at].to - at);
    }
    return pieces;
  }

  function overlapping(run, dict) {
    var words = [];
    words.at = [];
    for (var start = 0; start < run.length; start++) {
      for (var end = start + 2; end <= Math.min(run.length, start + dict.longest); end++) {
        if (dict.words.has(run.slice(start, end))) { words.push(run.slice(start, end)); words.at.push(start); }
      }
    }
    return words;
  }

  /** Index words that sound like two to four characters of a run, where those characters are not an index
   * word already and not inside a word of the chosen cut (付宽了 → 付款, 发活 → 发货, 便以点 → 便宜点).
   * Of several words with that sound, those sharing most characters with the typo (增品 → 赠品 and 正品). */
  function homophonesIn(run, pieces, dict) {
    var inside = [];
    var at = 0;
    pieces.cut.forEach(function (length) {
      // A word of the cut that is one character and a particle (交了, 到啦) holds that character loosely: 开|交了 may
      // still be the typo 开胶.
      var loose = length === 2 && PARTICLES.indexOf(run[at + 1]) >= 0 && !dict.stopwords.has(run[at]);
      for (var i = 0; i < length; i++) inside[at + i] = length > 1 && !loose ? at : -1;
      at += length;
    });
    var found = [];
    found.at = [];
    found.sure = [];
    found.full = [];
    var explained = 0; // past the characters a sure word already explains (便以点 → 便宜点, not also 以点 → 一点)
    for (var start = 0; start < run.length - 1; start++) {
      if (start < explained) continue;
      for (var end = Math.min(run.length, start + 4); end >= start + 2; end--) {
        var typed = run.slice(start, end);
        if (dict.words.has(typed)) continue;
        if (inside[start] >= 0 && inside[start] === inside[end - 1]) continue;
        var words = dict.homophones[sound(typed, dict.pinyin)];
        if (!words) continue;
        // Across a word of the cut, only the characters outside the word may be the slip (天|好 is not 填好), and only
        // in two characters that are not a stopword beside a word (这|价格 is not 折价).
        var straddles = inside.slice(start, end).some(function (piece) { return piece >= 0; });
        if (straddles && (end - start > 2 || dict.stopwords.has(typed[0]) || dict.stopwords.has(typed[1]))) continue;
        // Across a word of the cut, the slip must be a character no index word holds (前|付款 is not 钱付).
        if (straddles && !pieces.unknownAt.some(function (at) { return at >= start && at < end; })) continue;
        // A stopword at either end is more likely just that stopword: then the word must share a character (会圆 →
        // 会员, but 刚进 is not 干净).
        var loose = dict.stopwords.has(typed[0]) || dict.stopwords.has(typed[typed.length - 1]);
        var best = straddles || loose ? 1 : 0;
        var chosen = [];
        words.forEach(function (word) {
          var shared = 0;
          for (var i = 0; i < word.length; i++) {
            if (word[i] === typed[i]) shared += 1;
            else if (inside[start + i] >= 0) return;
          }
          if (shared > best) { best = shared; chosen = []; }
          if (shared === best) chosen.push(word);
        });
        if (!chosen.length) continue;
        found.push.apply(found, chosen);
        // One word of that sound, keeping a typed character, where the typed characters were no word: the message
        // surely meant it (发活 → 发货; 江苏 sounds like 件数 but is a word of its own).
        var sure = !straddles && !loose && chosen.length === 1 && best >= 1;
        // Surest where a typed character is in no index word at all (发措): the message's pairs then take the word's.
        var unknown = pieces.unknownAt.some(function (at) { return at >= start && at < end; });
        chosen.forEach(function () { found.at.push(start); found.sure.push(sure); found.full.push(sure && unknown); });
        if (sure) explained = end;
        // A typo of a handbook word is not a word the handbook lacks (靴纸 is 靴子).
        found.known = (found.known || 0) + pieces.unknownAt.filter(function (at) { return at >= start && at < end; }).length;
        break;
      }
      if (found.at[found.at.length - 1] !== start) nearSound(run, start, inside, pieces, dict, found);
    }
    return found;
  }

  /* Initials and finals that pinyin typists confuse beyond zh/z and -ng/-n (already one sound in the table). */
  var NEAR_INITIALS = { n: "l", l: "n", f: "h", h: "f", r: "l" };

  /** Syllables a slip apart: one vowel of the final changed (jie/jia), or n/l, f/h, r/l before the same final. */
  function nearSyllables(a, b) {
    if (a === b) return false;
    var split = /^([bpmfdtnlgkhjqxrzcsyw]?)(.*)$/;
    var one = a.match(split);
    var two = b.match(split);
    if (one[1] !== two[1]) return one[2] === two[2] && NEAR_INITIALS[one[1]] === two[1];
    var x = one[2];
    var y = two[2];
    if (x.length !== y.length) return false;
    // One vowel for another (jie/jia, not tiao/tian: 三条 is not 三天).
    var i = 0;
    while (i < x.length && x[i] === y[i]) i++;
    return /[aeiouv]/.test(x[i]) && /[aeiouv]/.test(y[i]) && x.slice(i + 1) === y.slice(i + 1);
  }

  /* Two characters side by side that are in no index word at all: a two-character word that keeps one of them and
   * has a near syllable for the other (评介 → 评价; not 退|全 → 退钱, 退 is a word of the handbook). */
  function nearSound(run, start, inside, pieces, dict, found) {
    var end = start + 2;
    if (end > run.length || !dict.byChar) return;
    if (pieces.unknownAt.indexOf(start) < 0 || pieces.unknownAt.indexOf(start + 1) < 0) return;
    var typed = run.slice(start, end);
    if (dict.stopwords.has(typed[0]) || dict.stopwords.has(typed[1])) return;
    var chosen = [];
    [0, 1].forEach(function (kept) {
      var other = 1 - kept;
      (dict.byChar[kept + typed[kept]] || []).forEach(function (word) {
        if (nearSyllables(dict.pinyin[typed[other]] || "", dict.pinyin[word[other]])) chosen.push(word);
      });
    });
    if (!chosen.length || chosen.length > 2) return;
    chosen.forEach(function (word) { found.push(word); found.at.push(start); found.sure.push(chosen.length === 1); found.full.push(chosen.length === 1); });
    found.known = (found.known || 0) + pieces.unknownAt.filter(function (at) { return at >= start && at < end; }).length;
  }

  /** Weighted query words: [{term, weight, han, extra}], best cut 3 (single characters 1), overlaps 2, synonyms 3.
   * The list's `unknown` property counts Chinese characters that are in no index word (e.g. 发票 when
   * the handbook never mentions invoices): the desk uses it to say "not covered". */
  function terms(query, dict) {
    var text = normalize(query, dict);
    var extra = [];
    var sources = []; // the buyer's spelling each handbook word of `extra` restates
    dict.synonymKeys.forEach(function (key) {
      if (text.indexOf(key) >= 0) { extra.push(dict.synonyms[key]); sources.push(key); }
    });
    var out = [];
    out.unknown = 0;
    var seen = new Set();
    var partNumber = 0;
    // `at`: where in the message the word was read, as [part, first character, past its last character],
    // so that the desk counts each stretch of the message once (退回去 also holds 退回 and 回去).
    function add(piece, weight, start, length) {
      if (dict.stopwords.has(piece) || seen.has(piece)) return;
      var han = HAN.test(piece);
      if (!han && !dict.words.has(piece) && piece.length < 2) return;
      seen.add(piece);
      // `extra`: only there because a synonym of a word in the message added it, so it asks nothing new.
      var at = isExtra || start === undefined ? null : [partNumber, start, start + (length || piece.length)];
      out.push({ term: piece, weight: weight, han: han, extra: isExtra, at: at, source: isExtra ? source : null });
    }
    var isExtra = false;
    var source = null;
    function addText(chunkText) {
      chunkText.split(/[^\u3400-\u9fff\uf900-\ufaffa-z0-9.]+/).forEach(function (chunk) {
        chunk.split(/([a-z0-9.]+)/).forEach(function (part) {
          if (!part) return;
          partNumber += 1;
          if (!HAN.test(part)) {
            // A Latin word of the handbook (hi, pu, ems) says as much as a Chinese one; a number (37) less.
            var latin = part.replace(/^\.+|\.+$/g, "");
            return add(latin, /[a-z]{2}/.test(latin) && dict.words.has(latin) ? 3 : 1, 0);
          }
          var pieces = segmentRun(part, dict);
          if (!isExtra) out.unknown += pieces.unknown;
          var sounds = isExtra ? [] : homophonesIn(part, pieces, dict);
          // The characters of a typo read surely as one word (付宽 → 付款) are not also words of their own.
          var typo = [];
          sounds.forEach(function (word, n) {
            for (var i = 0; sounds.sure[n] && i < word.length; i++) typo[sounds.at[n] + i] = true;
          });
          pieces.forEach(function (piece, n) {
            if (piece.length === 1 && typo[pieces.at[n]]) return;
            add(piece, piece.length > 1 ? 3 : 1, pieces.at[n]);
            // A typo that a buyer message of the handbook also made (运废) is still the shop's word of that sound that
            // keeps one of its characters (运费; 下次 is not 瑕疵). For the desk only (dict.typoShopWords): it scores
            // single buyer messages, which hold one spelling; a page of the site search holds both.
            if (dict.typoShopWords && piece.length > 1 && !isExtra && !dict.shopWords.has(piece)) {
              (dict.homophones[sound(piece, dict.pinyin)] || []).forEach(function (word) {
                if (word !== piece && dict.shopWords.has(word) && sharesCharacter(word, piece)) add(word, 2, pieces.at[n]);
              });
            }
          });
          sounds.forEach(function (word, n) { add(word, sounds.sure[n] ? 3 : 2, sounds.at[n]); });
          out.unknown -= sounds.known || 0;
          // Words that overlap the chosen cut (能换|码 also holds 换码) still find pages cut the other way.
          var overlaps = overlapping(part, dict);
          overlaps.forEach(function (word, n) { add(word, 2, overlaps.at[n]); });
        });
      });
    }
    addText(text);
    // A number inside a shop word (满300减30) leaves the word's characters on both sides of it: 满减.
    text.replace(/([\u3400-\u9fff])[\d.]+([\u3400-\u9fff])/g, function (match, before, after) {
      if (dict.words.has(before + after)) add(before + after, 3);
      return match;
    });
    // A typo read as a word (油费 → 邮费) brings that word's handbook word too (邮费 → 运费).
    out.forEach(function (item) {
      var word = dict.synonyms[item.term];
      if (word && extra.indexOf(word) < 0) { extra.push(word); sources.push(item.term); }
    });
    isExtra = true;
    extra.forEach(function (word, k) { source = sources[k]; addText(word); });
    return out;
  }

  function sharesCharacter(word, typed) {
    for (var i = 0; i < word.length; i++) if (word[i] === typed[i]) return true;
    return false;
  }

  /** Overlapping character pairs of each run of Chinese characters, as the desk's documents hold them; a typo
   * with a character in no index word, read surely as one word, gives the pairs of that word (发措了 → 发错 错了). */
  function bigrams(query, dict) {
    var pairs = [];
    var seen = new Set();
    (normalize(query, dict).match(/[\u3400-\u9fff\uf900-\ufaff]+/g) || []).forEach(function (run) {
      run = corrected(run, dict);
      for (var at = 0; at + 1 < run.length; at++) {
        var pair = run.slice(at, at + 2);
        if (!seen.has(pair)) { seen.add(pair); pairs.push(pair); }
      }
    });
    return pairs;
  }

  function corrected(run, dict) {
    if (!dict.byChar) return run;
    var sounds = homophonesIn(run, segmentRun(run, dict), dict);
    var chars = run.split("");
    sounds.forEach(function (word, n) {
      if (!sounds.full[n]) return;
      for (var i = 0; i < word.length; i++) chars[sounds.at[n] + i] = word[i];
    });
    return chars.join("");
  }

  /** The message as Material's search worker should see it: each word with a sentinel and a boost. */
  function rewrite(query, dict) {
    var parts = terms(query, dict).map(function (item) {
      // "^N" also stops Material from adding a trailing wildcard (运费* would match 运费险).
      return item.han ? item.term + dict.sentinel + "^" + item.weight : item.term;
    });
    return parts.join(" ") || query;
  }

  var loaded = null;

  /** The site search's dictionary: query-dict.json with the site's words, query-words.json (browser only). */
  function load() {
    if (!loaded) {
      loaded = Promise.all([
        window.handbookData.load("search/query-dict.json"),
        window.handbookData.load("search/query-words.json"),
        window.handbookData.load("search/query-pinyin.json")
      ]).then(function (parts) { return addPinyin(prepare(parts[0], parts[1]), parts[2]); });
      loaded.catch(function () { loaded = null; });
    }
    return loaded;
  }

  /** The tables alone (the desk brings its own words from its index, and adds the pinyin later). */
  function loadTables() {
    return window.handbookData.load("search/query-dict.json");
  }

  function loadPinyin() {
    return window.handbookData.load("search/query-pinyin.json");
  }

  return { prepare: prepare, normalize: normalize, terms: terms, bigrams: bigrams, rewrite: rewrite, load: load, loadTables: loadTables,
    loadPinyin: loadPinyin, addPinyin: addPinyin };
});
