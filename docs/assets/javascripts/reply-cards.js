/* 客服话术手册 — reply cards: fill the slots, then copy the buyer-facing text with one click.
 *
 * - Every slot ({买家称呼}, {订单号} …) becomes a small input inside the text; a value typed in one
 *   card fills the same slot in every card of the page.
 * - The agent's name (客服名) and the shop name (店铺名), set once in 客服设置, are kept in this
 *   browser's localStorage and fill every card. Nothing typed is sent anywhere.
 * - Copy takes only the card's text element: role, condition, shortcut and agent note never reach
 *   the buyer. An unfilled slot is flagged first; a second click copies it as written.
 * Event delegation keeps this working across Material's instant page loads. */
(function () {
  "use strict";

  var STORAGE_KEY = "kefu-handbook.settings";
  var SETTINGS_SLOTS = { agentName: "客服名" };
  var SETTINGS_POLICY = { shopName: "店铺名" };
  var CONFIRM_WINDOW_MS = 6000;
  var pageValues = {};

  /* ---- settings --------------------------------------------------------------------------- */

  function readSettings() {
    try {
      return JSON.parse(window.localStorage.getItem(STORAGE_KEY)) || {};
    } catch (error) {
      return {};
    }
  }

  function writeSettings(settings) {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  }

  function settingFor(slotName) {
    var settings = readSettings();
    for (var key in SETTINGS_SLOTS) {
      if (SETTINGS_SLOTS[key] === slotName && settings[key]) return settings[key];
    }
    return "";
  }

  /* ---- slots ------------------------------------------------------------------------------ */

  function slotInput(name) {
    var input = document.createElement("input");
    input.type = "text";
    input.className = "slot-input";
    input.setAttribute("data-slot", name);
    input.placeholder = name;
    input.setAttribute("aria-label", "填写" + name);
    input.size = Math.max(4, name.length * 2 + 1);
    input.value = pageValues[name] || settingFor(name);
    return input;
  }

  function enhance(root) {
    root.querySelectorAll(".reply-card__text .slot").forEach(function (slot) {
      slot.replaceWith(slotInput(slot.getAttribute("data-slot")));
    });
    applyPolicySettings(root);
  }

  function applyPolicySettings(root) {
    var settings = readSettings();
    root.querySelectorAll(".policy-value[data-policy]").forEach(function (element) {
      if (!element.hasAttribute("data-built")) element.setAttribute("data-built", element.textContent);
      var override = "";
      for (var key in SETTINGS_POLICY) {
        if (SETTINGS_POLICY[key] === element.getAttribute("data-policy")) override = settings[key] || "";
      }
      element.textContent = override || element.getAttribute("data-built");
    });
  }

  function applySlotSettings() {
    for (var key in SETTINGS_SLOTS) {
      var value = readSettings()[key] || "";
      document.querySelectorAll('.slot-input[data-slot="' + SETTINGS_SLOTS[key] + '"]').forEach(function (input) {
        if (!pageValues[SETTINGS_SLOTS[key]]) input.value = value;
      });
    }
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("slot-input")) return;
    var name = input.getAttribute("data-slot");
    pageValues[name] = input.value;
    input.classList.remove("slot-input--missing");
    document.querySelectorAll('.slot-input[data-slot="' + name + '"]').forEach(function (other) {
      if (other !== input) other.value = input.value;
    });
  });

  /* ---- copying ------------------------------------------------------------------------------ */

  function cardText(textElement) {
    var parts = [];
    var missing = [];
    textElement.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        parts.push(node.nodeValue);
      } else if (node.classList && node.classList.contains("slot-input")) {
        var value = node.value.trim();
        if (!value) missing.push(node);
        parts.push(value || "{" + node.getAttribute("data-slot") + "}");
      } else {
        parts.push(node.textContent);
      }
    });
    return { text: parts.join(""), missing: missing };
  }

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

  function showStatus(card, message, kind) {
    var status = card.querySelector(".reply-card__status");
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("reply-card__status--error", kind === "error");
    status.classList.toggle("reply-card__status--warning", kind === "warning");
    window.clearTimeout(status._timer);
    status._timer = window.setTimeout(function () { status.textContent = ""; }, CONFIRM_WINDOW_MS);
  }

  /** Copy a card's filled text; returns a promise of "copied", "warned" or "failed". */
  function copyCard(card) {
    var textElement = card.querySelector(".reply-card__text");
    var result = cardText(textElement);
    var confirmed = Number(card.getAttribute("data-confirm-until") || 0) > Date.now();
    if (result.missing.length && !confirmed) {
      result.missing.forEach(function (input) { input.classList.add("slot-input--missing"); });
      result.missing[0].focus();
      card.setAttribute("data-confirm-until", String(Date.now() + CONFIRM_WINDOW_MS));
      var names = result.missing.map(function (input) { return input.getAttribute("data-slot"); });
      showStatus(card, "还有未填写：" + names.join("、") + "。填好后再复制；确需原样复制请再点一次。", "warning");
      return Promise.resolve("warned");
    }
    card.removeAttribute("data-confirm-until");
    return copyText(result.text).then(function (copied) {
      if (copied) {
        showStatus(card, "已复制", "ok");
        return "copied";
      }
      selectForManualCopy(textElement);
      showStatus(card, "无法自动复制：文字已选中，请按 Ctrl+C", "error");
      return "failed";
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-reply-copy]");
    if (button) copyCard(button.closest(".reply-card"));
  });

  /* ---- settings panel ---------------------------------------------------------------------- */

  function settingsPanel() {
    var dialog = document.createElement("dialog");
    dialog.className = "agent-settings";
    dialog.innerHTML =
      '<form method="dialog" class="agent-settings__form">' +
      '<h2 class="agent-settings__title">客服设置</h2>' +
      '<p class="agent-settings__hint">只保存在本机浏览器里，用来自动填写每张话术卡片。</p>' +
      '<label>客服名<input name="agentName" autocomplete="off" placeholder="如 小悦"></label>' +
      '<label>店铺名<input name="shopName" autocomplete="off"></label>' +
      '<div class="agent-settings__actions">' +
      '<button value="save" class="md-button md-button--primary">保存</button>' +
      '<button value="clear" class="md-button">清除</button>' +
      '<button value="cancel" class="md-button">取消</button></div></form>';
    var form = dialog.querySelector("form");
    var builtShop = document.querySelector('.policy-value[data-policy="店铺名"]');
    form.shopName.placeholder = builtShop ? (builtShop.getAttribute("data-built") || builtShop.textContent) : "";
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "save") {
        writeSettings({ agentName: form.agentName.value.trim(), shopName: form.shopName.value.trim() });
      } else if (dialog.returnValue === "clear") {
        window.localStorage.removeItem(STORAGE_KEY);
      } else {
        return;
      }
      applySlotSettings();
      applyPolicySettings(document);
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function settingsButton() {
    if (document.querySelector(".agent-settings__toggle")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "agent-settings__toggle md-button";
    button.textContent = "客服设置";
    button.addEventListener("click", function () {
      var dialog = document.querySelector("dialog.agent-settings") || settingsPanel();
      var settings = readSettings();
      dialog.querySelector("form").agentName.value = settings.agentName || "";
      dialog.querySelector("form").shopName.value = settings.shopName || "";
      dialog.showModal();
    });
    document.body.appendChild(button);
  }

  function setup() {
    enhance(document);
    settingsButton();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }

  // Shared with the quick-reply panel.
  window.handbookCards = { copyCard: copyCard, enhance: enhance, copyText: copyText, readSettings: readSettings };
})();
