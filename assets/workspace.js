/* The workspace pages in the browser.
 *
 * 1. Buttons inside rows the server draws (the canvas list, the History tab,
 *    the share links) say what they do in data-* attributes: data-store (a
 *    dcc.Store id), data-action and data-value. A click sets that store to
 *    {action, value, at}; a callback does the rest. A rename form sends its
 *    text as "title" on submit (Enter or its Save button).
 * 2. A Copy button (data-copy) puts its text on the clipboard.
 * 3. Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a Mac), unless the
 *    focus is in a text field or a grid cell editor, where they edit the text.
 */
(function () {
  "use strict";

  function tell(storeId, data) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(storeId, { data: data });
    }
  }

  document.addEventListener("click", function (event) {
    const target = event.target instanceof Element ? event.target : null;
    const copy = target && target.closest("[data-copy]");
    if (copy) {
      copyText(copy);
      return;
    }
    const button = target && target.closest("button[data-store]");
    if (!button || button.type === "submit" || button.disabled) {
      return; // a submit button sends its form (below)
    }
    tell(button.dataset.store, { action: button.dataset.action, value: button.dataset.value, at: Date.now() });
  });

  document.addEventListener("submit", function (event) {
    const form = event.target instanceof Element ? event.target.closest("form[data-store]") : null;
    if (!form) {
      return;
    }
    event.preventDefault();
    const field = form.querySelector("input");
    tell(form.dataset.store, {
      action: form.dataset.action,
      value: form.dataset.value,
      title: field ? field.value : "",
      at: Date.now(),
    });
  });

  function copyText(button) {
    const text = button.dataset.copy;
    const done = function () {
      const before = button.textContent;
      button.textContent = button.dataset.copied || before;
      window.setTimeout(function () {
        button.textContent = before;
      }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {});
      return;
    }
    const field = button.parentElement && button.parentElement.querySelector("input");
    if (field) {
      field.select(); // the user copies it with Ctrl+C
    }
  }

  function typing(element) {
    if (!(element instanceof Element)) {
      return false;
    }
    return Boolean(
      element.closest(
        "input, textarea, select, [contenteditable=''], [contenteditable='true'], " +
          ".ag-cell-editor, .ag-cell-inline-editing, .ag-popup-editor"
      )
    );
  }

  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || typing(document.activeElement)) {
      return;
    }
    const key = event.key.toLowerCase();
    const redo = (key === "z" && event.shiftKey) || (key === "y" && !event.shiftKey);
    const undo = key === "z" && !event.shiftKey;
    if (!undo && !redo) {
      return;
    }
    const root = document.querySelector("[data-undo]");
    const button = root && document.getElementById(redo ? root.dataset.redo : root.dataset.undo);
    if (!button || button.offsetParent === null) {
      return; // not on the editor page
    }
    event.preventDefault();
    if (!button.disabled) {
      button.click();
    }
  });
})();
