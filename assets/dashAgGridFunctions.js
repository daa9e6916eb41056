/* Functions the data grids name in their column definitions
 * ({"function": "ColorEditor"}): dash-ag-grid looks them up here.
 *
 * ColorEditor edits a player's colour: the browser's colour picker and the
 * hex text side by side, kept in step. An empty text means "automatic" (the
 * chart's palette); the server checks whatever is typed.
 *
 * Figure writes a number cell as the app's tables do.
 */
(function () {
  "use strict";
  const functions = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
  const HEX = /^#[0-9a-fA-F]{6}$/;

  function ColorEditor() {}

  ColorEditor.prototype.init = function (params) {
    const start = typeof params.value === "string" ? params.value : "";
    const drawn = params.data && typeof params.data.drawn === "string" ? params.data.drawn : "";
    const gui = document.createElement("div");
    gui.className = "color-editor";
    const picker = document.createElement("input");
    picker.type = "color";
    picker.value = HEX.test(start) ? start : HEX.test(drawn) ? drawn : "#888888";
    picker.setAttribute("aria-label", params.picker || "colour picker");
    const text = document.createElement("input");
    text.type = "text";
    text.value = start;
    text.maxLength = 7;
    text.placeholder = params.automatic || "auto";
    text.setAttribute("aria-label", params.text || "colour as #rrggbb, empty for automatic");
    picker.addEventListener("input", function () {
      text.value = picker.value;
    });
    text.addEventListener("input", function () {
      if (HEX.test(text.value.trim())) {
        picker.value = text.value.trim();
      }
    });
    gui.appendChild(picker);
    gui.appendChild(text);
    this.gui = gui;
    this.picker = picker;
    this.text = text;
  };

  ColorEditor.prototype.getGui = function () {
    return this.gui;
  };

  ColorEditor.prototype.afterGuiAttached = function () {
    this.text.focus();
    this.text.select();
  };

  ColorEditor.prototype.getValue = function () {
    return this.text.value.trim();
  };

  ColorEditor.prototype.isPopup = function () {
    return true;
  };

  functions.ColorEditor = ColorEditor;

  /* A score, level or importance as the app's tables write it (positioning.i18n.formatting.figure,
   * whose digits and language the column passes): at most `digits` decimals, none when whole, so a
   * panel's average reads 3.33; the cell keeps its full value for editing and saving. */
  functions.Figure = function (value, digits, locale) {
    if (typeof value !== "number" || !isFinite(value)) {
      return value === null || value === undefined ? "" : String(value);
    }
    return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, useGrouping: false }).format(value);
  };
})();
