/* 客服话术手册 — segment pasted buyer messages before Material's search worker sees them.
 *
 * Material's worker cuts each run of Chinese characters greedily against its index, but never
 * matches the run's last character (补货 is searched as 补*), stops at the first character it
 * does not know (怎么让买家删差评 loses 差评) and glues digits to words. This script is loaded before
 * Material's bundle; it wraps the search worker and rewrites each query message with the shared
 * query pipeline (query-pipeline.js). Each word is sent followed by a sentinel character that is
 * not in the index, so the worker's cutter keeps the whole word.
 * It relies on Material's worker protocol (message type 2, the worker's URL): the Material versions it was checked
 * against are MATERIAL_VERSIONS in hooks/handbook_mkdocs/material_search.py, which a test compares with the installed one. */
(function () {
  "use strict";

  var SEARCH_QUERY = 2; // Material's SearchMessageType.QUERY
  var NativeWorker = window.Worker;
  if (!NativeWorker) return;
  var pipeline = window.handbookQuery;
  var dictionary = null;

  function loadDictionary() {
    return pipeline.load().catch(function (error) {
      console.warn("客服话术手册: 搜索词典加载失败，使用默认搜索。", error);
      return null;
    });
  }

  function SearchAwareWorker(url, options) {
    var worker = new NativeWorker(url, options);
    if (!/workers\/search\./.test(String(url))) return worker;
    dictionary = dictionary || loadDictionary();
    var post = worker.postMessage.bind(worker);
    worker.postMessage = function (message) {
      if (!message || message.type !== SEARCH_QUERY || typeof message.data !== "string") {
        return post.apply(null, arguments);
      }
      dictionary.then(function (dict) {
        post({ type: SEARCH_QUERY, data: dict ? pipeline.rewrite(message.data, dict) : message.data });
      });
    };
    return worker;
  }
  SearchAwareWorker.prototype = NativeWorker.prototype;
  window.Worker = SearchAwareWorker;

  // Exposed for tests.
  window.handbookSearch = {
    rewrite: function (query) {
      return pipeline.load().then(function (dict) { return pipeline.rewrite(query, dict); });
    }
  };
})();
