/* 客服话术手册 — load a data file the build wrote next to the pages (quick replies, practice).
 * Browsers refuse fetch() on file:// (the offline bundle), so there the same data is loaded as the
 * script the build writes beside each JSON file, which assigns it to window[globalName]. */
(function () {
  "use strict";

  window.handbookLoadData = function (source, globalName) {
    if (window.location.protocol !== "file:") {
      return fetch(source).then(function (response) { return response.json(); });
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = source.href.replace(/\.json$/, ".js");
      script.onload = function () { resolve(window[globalName]); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  };
})();
