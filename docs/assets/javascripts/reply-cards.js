/* 客服话术手册 — reply cards: fill the slots, then copy the buyer-facing text with one click.
 *
 * - Every slot ({买家称呼}, {订单号} …) becomes a small input inside the text that grows with its
 *   content; a value typed in one card fills the same slot in the other cards for the same buyer and
 *   is marked there as filled elsewhere. newBuyer() (the desk's 新买家) clears every buyer value.
 * - Agent-level slots and policy values (scope: agent / agent_policy in vocabulary.yml, e.g. the
 *   agent's name and the shop name), set once in 客服设置, are kept in this browser's localStorage and
 *   fill every card. Nothing typed is sent anywhere.
 * - Copy takes only the card's text element: role, condition, shortcut and agent note never reach
 *   the buyer. An unfilled slot is flagged first; a second click copies it as written.
 * Event delegation keeps this working across Material's instant page loads. */
(function () {
  "use strict";

  var STORAGE_KEY = "kefu-handbook.agent";
  var CONFIRM_WINDOW_MS = 6000;
  /** Values typed for the current buyer: slot name → value. Cleared by newBuyer(). */
  var buyerValues = {};

  /* Which slots belong to the agent and which policy values the agent may override: written into every
   * page at build time from snippets/vocabulary.yml (scope: agent, agent_policy). */
  function slotScopes() {
    var node = document.getElementById("handbook-slots");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (error) {
      return {};
    }
  }
  var scopes = slotScopes();
  var agentSlots = scopes.agentSlots || [];
  var agentPolicy = scopes.agentPolicy || [];

  /* ---- settings (agent-level, kept in this browser) ---------------------------------------- */

  function readSettings() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY)) || {};
      return { slots: stored.slots || {}, policy: stored.policy || {} };
    } catch (error) {
      return { slots: {}, policy: {} };
    }
  }

  function writeSettings(settings) {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  }

  function isAgentSlot(name) { return agentSlots.indexOf(name) >= 0; }

  function settingFor(slotName) {
    return isAgentSlot(slotName) ? readSettings().slots[slotName] || "" : "";
  }

  /* ---- slots ------------------------------------------------------------------------------ */

  /* Slot inputs grow with their content (in characters, CJK counted double). */
  function fit(input) {
    var text = input.value || input.placeholder || "";
    var width = 0;
    for (var i = 0; i < text.length; i++) width += text.charCodeAt(i) > 0x2e80 ? 2 : 1;
    input.size = Math.max(4, width + 1);
  }

  function markShared(input, shared) {
    input.classList.toggle("slot-input--shared", shared);
    if (shared) input.title = "已按当前买家自动填写（在别的卡片里填的）；换买家请点“新买家”";
    else input.removeAttribute("title");
  }

  function slotInput(name) {
    var input = document.createElement("input");
    input.type = "text";
    input.className = "slot-input";
    input.setAttribute("data-slot", name);
    input.setAttribute("data-scope", isAgentSlot(name) ? "agent" : "buyer");
    input.placeholder = name;
    input.setAttribute("aria-label", "填写" + name);
    input.autocomplete = "off";
    if (buyerValues[name]) {
      input.value = buyerValues[name];
      markShared(input, true);
    } else {
      input.value = settingFor(name);
    }
    fit(input);
    return input;
  }

  function enhance(root) {
    root.querySelectorAll(".reply-card__text .slot").forEach(function (slot) {
      slot.replaceWith(slotInput(slot.getAttribute("data-slot")));
    });
    applyPolicySettings(root);
  }

  function applyPolicySettings(root) {
    var overrides = readSettings().policy;
    root.querySelectorAll(".policy-value[data-policy]").forEach(function (element) {
      if (!element.hasAttribute("data-built")) element.setAttribute("data-built", element.textContent);
      var name = element.getAttribute("data-policy");
      var override = agentPolicy.indexOf(name) >= 0 ? overrides[name] || "" : "";
      element.textContent = override || element.getAttribute("data-built");
    });
  }

  function applySlotSettings() {
    document.querySelectorAll(".slot-input").forEach(function (input) {
      var name = input.getAttribute("data-slot");
      if (isAgentSlot(name) && !buyerValues[name]) { input.value = settingFor(name); fit(input); }
    });
  }

  /** Start a new buyer: every buyer-level value is cleared, agent settings stay. */
  function newBuyer() {
    buyerValues = {};
    document.querySelectorAll(".slot-input").forEach(function (input) {
      input.value = settingFor(input.getAttribute("data-slot"));
      input.classList.remove("slot-input--missing");
      markShared(input, false);
      fit(input);
    });
    document.querySelectorAll(".reply-card[data-confirm-until]").forEach(function (card) {
      card.removeAttribute("data-confirm-until");
    });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("slot-input")) return;
    var name = input.getAttribute("data-slot");
    buyerValues[name] = input.value;
    input.classList.remove("slot-input--missing");
    markShared(input, false);
    fit(input);
    document.querySelectorAll('.slot-input[data-slot="' + CSS.escape(name) + '"]').forEach(function (other) {
      if (other === input) return;
      other.value = input.value;
      markShared(other, !!input.value);
      fit(other);
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
        card.dispatchEvent(new CustomEvent("handbook:copied", { bubbles: true }));
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

  function field(label, name, placeholder) {
    var wrapper = document.createElement("label");
    wrapper.textContent = label;
    var input = document.createElement("input");
    input.name = name;
    input.autocomplete = "off";
    input.placeholder = placeholder || "";
    wrapper.appendChild(input);
    return wrapper;
  }

  function settingsPanel() {
    var dialog = document.createElement("dialog");
    dialog.className = "agent-settings";
    dialog.setAttribute("aria-labelledby", "agent-settings-title");
    var form = document.createElement("form");
    form.method = "dialog";
    form.className = "agent-settings__form";
    var title = document.createElement("h2");
    title.className = "agent-settings__title";
    title.id = "agent-settings-title";
    title.textContent = "客服设置";
    form.appendChild(title);
    var hint = document.createElement("p");
    hint.className = "agent-settings__hint";
    hint.textContent = "只保存在本机浏览器里，用来自动填写每张话术卡片；换买家时保留。";
    form.appendChild(hint);
    agentSlots.forEach(function (name) { form.appendChild(field(name, "slot:" + name, "")); });
    agentPolicy.forEach(function (name) {
      var built = document.querySelector('.policy-value[data-policy="' + CSS.escape(name) + '"]');
      form.appendChild(field(name, "policy:" + name, built ? built.getAttribute("data-built") || built.textContent : ""));
    });
    var actions = document.createElement("div");
    actions.className = "agent-settings__actions";
    [["save", "保存", "md-button md-button--primary"], ["clear", "清除", "md-button"], ["cancel", "取消", "md-button"]]
      .forEach(function (spec) {
        var button = document.createElement("button");
        button.value = spec[0];
        button.textContent = spec[1];
        button.className = spec[2];
        actions.appendChild(button);
      });
    form.appendChild(actions);
    dialog.appendChild(form);
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "save") {
        var settings = { slots: {}, policy: {} };
        form.querySelectorAll("input").forEach(function (input) {
          var parts = input.name.split(":");
          var value = input.value.trim();
          if (value) settings[parts[0] === "slot" ? "slots" : "policy"][input.name.slice(parts[0].length + 1)] = value;
        });
        writeSettings(settings);
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

  function openSettings() {
    var dialog = document.querySelector("dialog.agent-settings") || settingsPanel();
    var settings = readSettings();
    dialog.querySelectorAll("input").forEach(function (input) {
      var kind = input.name.split(":")[0];
      var name = input.name.slice(kind.length + 1);
      input.value = (kind === "slot" ? settings.slots[name] : settings.policy[name]) || "";
    });
    dialog.showModal();
  }

  /* The 客服设置 button sits in the header (docs/overrides/partials/header.html); shown once JS runs. */
  function settingsButton() {
    document.querySelectorAll("[data-agent-settings]").forEach(function (button) {
      button.hidden = false;
      if (button.getAttribute("data-bound")) return;
      button.setAttribute("data-bound", "true");
      button.addEventListener("click", openSettings);
    });
  }

  function setup() {
    enhance(document);
    settingsButton();
  }

  /** Run `fn` on every page: after each instant-navigation page change (Material's document$), or once the
   *  document is ready where there is none (the desk page, which loads no bundle, and file:// copies). */
  function onEachPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  onEachPage(setup);

  // Shared with the quick-reply panel.
  window.handbookCards = {
    copyCard: copyCard, enhance: enhance, copyText: copyText, readSettings: readSettings, newBuyer: newBuyer,
    onEachPage: onEachPage
  };
})();
