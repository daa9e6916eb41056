/* What a keyboard and a screen reader need that the Dash components do not give themselves.
 *
 * - The tabs (dcc.Tabs draws plain divs) become a tablist of tabs: the selected
 *   tab is in the Tab order, Enter or Space opens a focused tab, the arrow keys
 *   (and Home, End) move along the tabs and open them, as the WAI-ARIA tabs
 *   pattern has it.
 * - Controls inside a box with data-labelledby (layout.named) are named by that
 *   visible label (aria-labelledby): the sliders, the number and file inputs,
 *   the dropdowns (their label, then their value), the radio groups and the
 *   data grids. The label follows the language switch, so the names do too.
 * - RadioItems and Checklist become radio groups of plain radios and checkboxes,
 *   dropdowns are reached by their button, and AG Grid's empty header rows are
 *   left out (see each function).
 *
 * The page changes as callbacks answer, so a MutationObserver applies both,
 * at most once a frame, and only where an attribute is not already right.
 */
(function () {
  "use strict";

  function set(element, name, value) {
    if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  }

  function tabs() {
    document.querySelectorAll(".tab-container").forEach(function (list) {
      set(list, "role", "tablist");
      list.querySelectorAll(":scope > .tab").forEach(function (tab) {
        const selected = tab.classList.contains("tab--selected");
        set(tab, "role", "tab");
        set(tab, "aria-selected", String(selected));
        set(tab, "tabindex", selected ? "0" : "-1");
      });
    });
  }

  const NAMED = '[role="slider"], input:not([type="radio"]):not([type="checkbox"])';

  function names() {
    document.querySelectorAll("[data-labelledby]").forEach(function (box) {
      const label = box.dataset.labelledby;
      box.querySelectorAll(NAMED).forEach(function (control) {
        // not Dash's focus catcher, nor a control with a name of its own (a grid's cell editors)
        const own = control.hasAttribute("aria-label") || control.closest(".ag-root-wrapper");
        if (!own && !control.classList.contains("dash-dropdown-focus-target")) {
          set(control, "aria-labelledby", label);
        }
      });
      box.querySelectorAll('.ag-root-wrapper [role="grid"], .ag-root-wrapper [role="treegrid"]').forEach(function (grid) {
        set(grid, "aria-labelledby", label);
      });
      box.querySelectorAll("button.dash-dropdown[id]").forEach(function (button) {
        set(button, "aria-labelledby", label + " " + button.id);
      });
      box.querySelectorAll(".dash-radioitems, .dash-checklist").forEach(function (list) {
        set(list, "aria-labelledby", label);
      });
    });
  }

  /* RadioItems and Checklist say listbox and option around native radios and checkboxes, which
   * already say what they are: a radio group (or a group) of labelled inputs. */
  function choices() {
    document.querySelectorAll(".dash-options-list.dash-radioitems, .dash-options-list.dash-checklist").forEach(function (list) {
      set(list, "role", list.classList.contains("dash-radioitems") ? "radiogroup" : "group");
      list.querySelectorAll('.dash-options-list-option[role], .dash-options-list-option[aria-selected]').forEach(function (option) {
        option.removeAttribute("role");
        option.removeAttribute("aria-selected");
      });
    });
  }

  /* A dropdown is reached by its button (named, with its value), not by the hidden input Dash puts
   * before it to catch the focus. */
  function dropdowns() {
    document.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      const catcher = wrapper.querySelector(":scope > .dash-dropdown-focus-target");
      const button = wrapper.querySelector(":scope > button.dash-dropdown");
      if (catcher && button) {
        set(catcher, "tabindex", "-1");
        set(button, "tabindex", "0");
      }
    });
  }

  /* AG Grid draws an empty header-group row above a pinned column that has no group: a row with
   * no cells, which is nothing to a screen reader. */
  function grids() {
    document.querySelectorAll('.ag-header-row-group[role="row"]').forEach(function (row) {
      if (!row.querySelector('[role="columnheader"]')) {
        set(row, "role", "presentation");
        row.removeAttribute("tabindex");
        row.removeAttribute("aria-rowindex");
      }
    });
  }

  let pending = false;
  function apply() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        tabs();
        names();
        choices();
        dropdowns();
        grids();
      });
    }
  }

  const KEYS = { ArrowRight: 1, ArrowLeft: -1, Home: "first", End: "last" };

  function open(tab) {
    tab.focus();
    tab.click();
  }

  document.addEventListener("keydown", function (event) {
    const tab = event.target instanceof Element ? event.target.closest(".tab-container > .tab") : null;
    if (!tab) {
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      tab.click();
      return;
    }
    const move = KEYS[event.key];
    if (move === undefined) {
      return;
    }
    event.preventDefault();
    const all = Array.from(tab.parentElement.querySelectorAll(":scope > .tab")).filter(function (each) {
      return each.offsetParent !== null; // a tab the page hides (History on a shared page) is skipped
    });
    const at = all.indexOf(tab);
    const next = move === "first" ? 0 : move === "last" ? all.length - 1 : (at + move + all.length) % all.length;
    open(all[next]);
  });

  /* The chart's hover layer and the grids' rows change all the time and hold nothing named here. */
  function relevant(records) {
    return records.some(function (record) {
      const target = record.target instanceof Element ? record.target : record.target.parentElement;
      return !target || !target.closest(".js-plotly-plot, .ag-body, .ag-popup");
    });
  }

  new MutationObserver(function (records) {
    if (relevant(records)) {
      apply();
    }
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["class"],
  });
  apply();
})();
