/* The views the server draws only while they are shown (positioning/ui/callbacks/views.py).
 *
 * tabSources: the stored canvas passed on to the shown tab's own store (Ranking, Diagnosis, Data),
 * the others left as they are: a weight change with the chart shown sends those tabs nothing, and
 * showing a tab passes it the canvas, which draws it.
 *
 * The chart's table (a <details> marked data-tell-open) is drawn only while it is open: opening or
 * closing it tells the server through its open property, which a <details> does not report itself.
 */
(function () {
  "use strict";

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.positioningViews = {
    tabSources: function (data, tab) {
      const keep = window.dash_clientside.no_update;
      return ["ranking", "diagnosis", "data"].map((shown) => (shown === tab ? data : keep));
    },
  };

  let told = null;
  document.addEventListener(
    "toggle",
    function (event) {
      const details = event.target;
      if (!(details instanceof HTMLDetailsElement) || !details.dataset.tellOpen || details.open === told) {
        return;
      }
      told = details.open;
      if (window.dash_clientside.set_props) {
        window.dash_clientside.set_props(details.id, { open: details.open });
      }
    },
    true, // a toggle does not bubble: heard on its way down
  );
})();
