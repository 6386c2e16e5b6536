/* 客服话术手册 — copy a reply card's buyer-facing text with one click.
 * Event delegation keeps working across Material's instant page loads. Only the card's
 * text element is copied: role, condition, shortcut and agent note never reach the buyer. */
(function () {
  "use strict";

  var STATUS_OK = "已复制";
  var STATUS_MANUAL = "无法自动复制：文字已选中，请按 Ctrl+C";

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return legacyCopy(text); }
      );
    }
    return Promise.resolve(legacyCopy(text));
  }

  function selectForManualCopy(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function showStatus(card, message, failed) {
    var status = card.querySelector(".reply-card__status");
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("reply-card__status--error", failed);
    window.clearTimeout(status._timer);
    status._timer = window.setTimeout(function () { status.textContent = ""; }, 4000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-reply-copy]");
    if (!button) return;
    var card = button.closest(".reply-card");
    var textElement = card.querySelector(".reply-card__text");
    copyText(textElement.textContent).then(function (copied) {
      if (copied) {
        showStatus(card, STATUS_OK, false);
      } else {
        selectForManualCopy(textElement);
        showStatus(card, STATUS_MANUAL, true);
      }
    });
  });
})();
