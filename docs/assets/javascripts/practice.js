/* 客服话术手册 — practice mode: show a buyer message from snippets/practice.yml, let the agent name
 * the scenario (or type a shortcut) and the reply to send, then show the handbook's answer and the
 * principles behind it. The score stays in this browser (localStorage). Every word the agent reads
 * comes from the page (practice.md.j2) or the data; DOM is built with textContent only. */
(function () {
  "use strict";

  var STORAGE_KEY = "handbook.practice.v1";

  function loadScore() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      if (saved && typeof saved.answered === "number" && typeof saved.right === "number" && Array.isArray(saved.done)) {
        return saved;
      }
    } catch (error) { /* a broken or blocked store starts a fresh score */ }
    return { answered: 0, right: 0, done: [], current: null };
  }

  function saveScore(score) {
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(score)); } catch (error) { /* private mode */ }
  }

  function clone(panel, selector) {
    return panel.querySelector(selector).content.firstElementChild.cloneNode(true);
  }

  function setup(panel) {
    if (panel.getAttribute("data-ready")) return;
    panel.setAttribute("data-ready", "loading");
    var source = new URL(panel.getAttribute("data-src"), window.location.href);
    var base = new URL("../", source);
    var form = panel.querySelector(".practice__form");
    var select = panel.querySelector(".practice__scenario");
    var shortcutInput = panel.querySelector(".practice__shortcut");
    var replies = panel.querySelector(".practice__replies");
    var replyList = panel.querySelector(".practice__reply-list");
    var result = panel.querySelector(".practice__result");
    var unknown = panel.querySelector(".practice__unknown-shortcut");
    var score = loadScore();
    var data = null;
    var byId = {};
    var byShortcut = {};
    var item = null;

    function showScore() {
      panel.querySelector(".practice__answered").textContent = String(score.answered);
      panel.querySelector(".practice__right").textContent = String(score.right);
    }

    /* The next item this browser has not practised yet; when all are done, a new round begins. */
    function nextItem() {
      var open = data.items.filter(function (candidate) { return score.done.indexOf(candidate.message) < 0; });
      if (!open.length) {
        score.done = [];
        open = data.items.slice();
      }
      return open[0];
    }

    function showReplies(scenarioId, chosenShortcut) {
      replyList.replaceChildren();
      var scenario = byId[scenarioId];
      replies.hidden = !scenario;
      if (!scenario) return;
      scenario.replies.forEach(function (reply) {
        var option = clone(panel, ".practice__option-template");
        var radio = option.querySelector("input");
        radio.value = reply.shortcut;
        radio.checked = reply.shortcut === chosenShortcut;
        option.querySelector(".practice__option-shortcut").textContent = reply.shortcut;
        option.querySelector(".practice__option-role").textContent = reply.role;
        option.querySelector(".practice__option-text").textContent = reply.text;
        replyList.appendChild(option);
      });
    }

    function ask(next) {
      item = next;
      score.current = item.message;
      saveScore(score);
      panel.querySelector(".practice__message").textContent = item.message;
      form.reset();
      form.hidden = false;
      unknown.hidden = true;
      showReplies("", null);
      result.hidden = true;
    }

    function answerCard(reply, chosen) {
      var node = clone(panel, ".practice__reply-template");
      node.setAttribute("data-shortcut", reply.shortcut);
      if (reply.shortcut === chosen) node.classList.add("practice__reply--chosen");
      node.querySelector(".reply-card__role").textContent = reply.role;
      var when = node.querySelector(".reply-card__when");
      if (reply.when) node.querySelector(".practice__when").textContent = reply.when;
      else when.remove();
      node.querySelector(".reply-card__shortcut").textContent = reply.shortcut;
      node.querySelector(".reply-card__text").textContent = reply.text;
      return node;
    }

    function reveal(chosenId, chosenShortcut) {
      var answer = byId[item.scenario];
      var right = chosenId === item.scenario;
      score.answered += 1;
      if (right) score.right += 1;
      score.done.push(item.message);
      score.current = null;
      saveScore(score);
      showScore();
      panel.querySelector(".practice__verdict--right").hidden = !right;
      panel.querySelector(".practice__verdict--wrong").hidden = right;
      panel.querySelector(".practice__chosen").textContent = byId[chosenId] ? byId[chosenId].title : chosenId;
      var link = panel.querySelector(".practice__answer-link");
      link.textContent = answer.stage + " · " + answer.title;
      link.href = new URL(answer.url, base).href;
      panel.querySelector(".practice__goal").textContent = answer.goal;
      panel.querySelector(".practice__your-reply").hidden = !chosenShortcut;
      panel.querySelector(".practice__your-shortcut").textContent = chosenShortcut || "";
      var cards = panel.querySelector(".practice__answer-replies");
      cards.replaceChildren();
      answer.replies.forEach(function (reply) { cards.appendChild(answerCard(reply, chosenShortcut)); });
      var principles = panel.querySelector(".practice__principles");
      principles.replaceChildren();
      answer.principles.forEach(function (principle) {
        var entry = clone(panel, ".practice__principle-template");
        var anchor = entry.querySelector(".practice__principle-link");
        anchor.textContent = principle.title;
        anchor.href = new URL(principle.url, base).href;
        entry.querySelector(".practice__principle-summary").textContent = principle.summary;
        principles.appendChild(entry);
      });
      panel.querySelector(".practice__principles-label").hidden = !answer.principles.length;
      panel.querySelector(".practice__no-principle").hidden = answer.principles.length > 0;
      form.hidden = true;
      result.hidden = false;
      panel.setAttribute("data-verdict", right ? "right" : "wrong");
      panel.querySelector(".practice__next").focus();
    }

    select.addEventListener("change", function () {
      shortcutInput.value = "";
      unknown.hidden = true;
      showReplies(select.value, null);
    });

    shortcutInput.addEventListener("input", function () {
      var code = shortcutInput.value.trim().toLowerCase();
      var owner = byShortcut[code];
      unknown.hidden = !code || Boolean(owner);
      if (owner) {
        select.value = owner;
        showReplies(owner, code);
      }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var code = shortcutInput.value.trim().toLowerCase();
      var scenarioId = select.value || byShortcut[code] || "";
      if (!scenarioId) { select.focus(); return; }
      var checked = replyList.querySelector("input:checked");
      reveal(scenarioId, checked ? checked.value : (byShortcut[code] ? code : null));
    });

    panel.querySelector(".practice__next").addEventListener("click", function () { ask(nextItem()); });
    panel.querySelector(".practice__reset").addEventListener("click", function () {
      score = { answered: 0, right: 0, done: [], current: null };
      saveScore(score);
      showScore();
      ask(nextItem());
    });

    window.handbookData.load(panel.getAttribute("data-path")).then(function (loaded) {
      data = loaded;
      var groups = {};
      data.scenarios.forEach(function (scenario) {
        byId[scenario.id] = scenario;
        scenario.replies.forEach(function (reply) { byShortcut[reply.shortcut] = scenario.id; });
        if (!groups[scenario.stage]) {
          groups[scenario.stage] = document.createElement("optgroup");
          groups[scenario.stage].label = scenario.stage;
          select.appendChild(groups[scenario.stage]);
        }
        var option = document.createElement("option");
        option.value = scenario.id;
        option.textContent = scenario.title;
        groups[scenario.stage].appendChild(option);
      });
      showScore();
      if (!data.items.length) {
        panel.querySelector(".practice__card").hidden = true;
        panel.querySelector(".practice__empty").hidden = false;
      } else {
        var resumed = data.items.filter(function (candidate) { return candidate.message === score.current; })[0];
        ask(resumed || nextItem());
      }
      panel.setAttribute("data-ready", "true");
    });
  }

  function init() {
    document.querySelectorAll(".practice").forEach(setup);
  }

  // reply-cards.js, loaded before this script on every page, runs it after each page change.
  window.handbookCards.onEachPage(init);
})();
