/* Once per browser: the canvas an earlier version of the app kept in this
 * browser's local storage (the dcc.Store "canvas-store") is imported into the
 * workspace, so nobody loses a canvas in the upgrade. The old entry is never
 * deleted; a flag remembers that it was imported (or that it could not be,
 * when the server refused it as invalid). A network failure leaves the flag
 * unset, so the next visit tries again. The canvas is JSON, which is YAML. */
(function () {
  "use strict";
  const OLD = "canvas-store";
  const FLAG = "positioning-imported";

  function importOnce() {
    let text;
    try {
      text = window.localStorage.getItem(OLD);
      if (!text || window.localStorage.getItem(FLAG)) {
        return;
      }
    } catch (error) {
      return; // storage disabled: nothing was kept here either
    }
    window
      .fetch("/api/canvases?from=browser", {
        method: "POST",
        headers: { "Content-Type": "application/yaml" },
        body: text,
      })
      .then(function (answer) {
        if (answer.status === 201) {
          return answer.json().then(function (created) {
            window.localStorage.setItem(FLAG, created.id);
          });
        }
        if (answer.status === 422 || answer.status === 413) {
          window.localStorage.setItem(FLAG, "refused");
        }
        return null;
      })
      .catch(function () {
        /* the server is away: try again on the next visit */
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", importOnce);
  } else {
    importOnce();
  }
})();
