/* Once per browser: the canvas an earlier version of the app kept in this
 * browser's local storage (the dcc.Store "canvas-store") is imported into the
 * workspace, so nobody loses a canvas in the upgrade. The old entry is never
 * deleted; a flag remembers that it was imported (or that it could not be,
 * when the server refused it as invalid). A network failure leaves the flag
 * unset, so the next visit tries again. The canvas is JSON, which is YAML.
 * The page is told either way, so it can say so and list the new canvas. */
(function () {
  "use strict";
  const OLD = "canvas-store";
  const FLAG = "positioning-imported";

  /* Tell the page (a callback words the message and lists the canvas again),
   * once Dash has drawn it: the answer may come before the page is there. */
  function report(result, tries) {
    const root = document.querySelector("[data-browser-import]");
    if (root && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(root.dataset.browserImport, { data: { ...result, at: Date.now() } });
    } else if ((tries || 0) < 100) {
      window.setTimeout(function () {
        report(result, (tries || 0) + 1);
      }, 200);
    }
  }

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
            report({ status: "imported", problems: [] });
          });
        }
        if (answer.status === 422 || answer.status === 413) {
          window.localStorage.setItem(FLAG, "refused");
          return answer
            .json()
            .catch(function () {
              return {};
            })
            .then(function (body) {
              const problems = (body && body.problems) || [];
              report({ status: "refused", problems: problems.map((p) => p.message).slice(0, 10) });
            });
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
