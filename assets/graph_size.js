/* The chart's width on the page, for the server to fit the factor labels to.
 *
 * The strategy canvas is drawn with labels wrapped to its width; only the
 * browser knows that width. A ResizeObserver watches the scrolling box around
 * the chart (.graph-scroll) and, when its width changes by 20 px or more
 * (rounded so a resize does not redraw at every pixel), sets the store whose
 * id the page root names in data-graph-width. A hidden tab measures 0 and is
 * ignored; the Chart tab shown again at the width it had tells nothing (showing
 * the tab redraws the chart: positioning/ui/callbacks/views.py).
 */
(function () {
  "use strict";

  let last = 0;
  let observed = null;

  function tell(width) {
    const root = document.querySelector("[data-graph-width]");
    if (root && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(root.dataset.graphWidth, { data: width });
    }
  }

  const observer = new ResizeObserver(function (entries) {
    const width = Math.round(entries[0].contentRect.width / 20) * 20;
    if (width > 0 && Math.abs(width - last) >= 20) {
      last = width;
      tell(width);
    }
  });

  function watch() {
    const box = document.querySelector(".graph-scroll");
    if (box && box !== observed) {
      if (observed) {
        observer.unobserve(observed);
      }
      observed = box;
      observer.observe(box); // the Chart tab shown again: its width is told only when it changed
    }
  }

  new MutationObserver(watch).observe(document.documentElement, { childList: true, subtree: true });
  watch();
})();
