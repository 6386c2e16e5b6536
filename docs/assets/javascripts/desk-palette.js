/* 客服话术手册 — the light/dark toggle of the 接待台 (desk), which loads without Material's bundle.
 *
 * Does what Material's palette component does with the header's radio inputs (partials/palette.html):
 * the saved choice, else the one whose media query matches the system, sets the body's data-md-color-*
 * attributes, shows the label that switches to the next palette, and is saved under Material's own key
 * (__md_set("__palette")), so every other page opens in the palette picked here and the other way round. */
(function () {
  "use strict";

  function colorOf(input) {
    return {
      media: input.getAttribute("data-md-color-media"),
      scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"),
      accent: input.getAttribute("data-md-color-accent")
    };
  }

  function apply(inputs, index) {
    var palette = { index: index, color: colorOf(inputs[index]) };
    Object.keys(palette.color).forEach(function (key) {
      document.body.setAttribute("data-md-color-" + key, palette.color[key]);
    });
    inputs.forEach(function (input, at) {
      input.checked = at === index;
      var label = input.nextElementSibling;
      if (label instanceof HTMLElement) label.hidden = at !== index;
    });
    window.__md_set("__palette", palette);
  }

  function setup() {
    var form = document.querySelector("[data-md-component=palette]");
    if (!form || typeof window.__md_get !== "function") return;
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    if (!inputs.length) return;
    var saved = window.__md_get("__palette");
    var index = saved && typeof saved.index === "number" ? saved.index : inputs.findIndex(function (input) {
      return window.matchMedia(input.getAttribute("data-md-color-media")).matches;
    });
    apply(inputs, Math.max(0, Math.min(index, inputs.length - 1)));
    inputs.forEach(function (input, at) {
      input.addEventListener("change", function () { if (input.checked) apply(inputs, at); });
    });
    // The label switches to the next palette; Enter on it does the same as a click (as in Material).
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var next = (inputs.findIndex(function (input) { return input.checked; }) + 1) % inputs.length;
      inputs[next].click();
      inputs[next].focus();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
