/* 客服话术手册 — the one loader of the data files written at build time (hooks/handbook/desk.py, search.py).
 * Every data file is NAME.json, fetched over http(s). The offline bundle (a site without directory URLs)
 * also has NAME.js, because browsers refuse fetch() on file://. The .js file stores the same data under its site path in
 * window.__handbookData; loading it is a plain <script>, which file:// allows. */
(function () {
  "use strict";

  var pending = {};

  /** The site root, from Material's config (works on every page depth, served or from file://). */
  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function viaScript(path, url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url.href.replace(/\.json$/, ".js");
      script.onload = function () {
        var store = window.__handbookData || {};
        if (store[path] === undefined) reject(new Error(path + ": no data in script"));
        else resolve(store[path]);
      };
      script.onerror = function () { reject(new Error(path + ": script failed to load")); };
      document.head.appendChild(script);
    });
  }

  function viaFetch(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  /** Load a data file by its path from the site root, e.g. "search/query-dict.json"; cached per page. */
  function load(path) {
    if (!pending[path]) {
      var url = new URL(path, siteBase());
      pending[path] = window.location.protocol === "file:" ? viaScript(path, url) : viaFetch(url);
      pending[path].catch(function () { delete pending[path]; });
    }
    return pending[path];
  }

  /** Load a script (e.g. a vendored library) once, relative to the site root. */
  function script(path) {
    var key = "script:" + path;
    if (!pending[key]) {
      pending[key] = new Promise(function (resolve, reject) {
        var node = document.createElement("script");
        node.src = new URL(path, siteBase()).href;
        node.onload = resolve;
        node.onerror = function () { delete pending[key]; reject(new Error(path + ": script failed to load")); };
        document.head.appendChild(node);
      });
    }
    return pending[key];
  }

  window.handbookData = { load: load, script: script, siteBase: siteBase };
})();
