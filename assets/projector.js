/* The workshop's projector view (positioning/ui/projector.py).
 *
 * A button with data-projector-open names the view to open (its id). Opening
 * shows the view over the page and asks the browser for full screen on it
 * (the Fullscreen API, where there is one and it is allowed; else the view
 * stays a fixed overlay of the whole window). The Close button, Esc, or
 * leaving full screen (Esc there is the browser's) close it, and the focus
 * goes back to the button that opened it. While open, Tab stays on Close:
 * nothing behind the view can be reached. The server redraws the view's
 * content (the counts) while it is open; the view itself stays.
 */
(function () {
  "use strict";

  let openedWith = null;

  function openView() {
    return document.querySelector("[data-projector-view][data-open]");
  }

  function show(button) {
    const view = document.getElementById(button.dataset.projectorOpen);
    if (!view) {
      return;
    }
    openedWith = button.dataset.projectorOpen;
    view.setAttribute("data-open", "true");
    document.documentElement.classList.add("projecting");
    const close = view.querySelector("[data-projector-close]");
    if (close) {
      close.focus();
    }
    if (document.fullscreenEnabled && view.requestFullscreen) {
      view.requestFullscreen({ navigationUI: "hide" }).catch(function () {
        /* refused (no permission, an iframe): the overlay covers the window */
      });
    }
  }

  function hide(view) {
    view.removeAttribute("data-open");
    document.documentElement.classList.remove("projecting");
    const back = openedWith;
    openedWith = null;
    const refocus = function () {
      // the button that opened the view (the panel may have been redrawn since: found again by what it opens)
      const opener = back && document.querySelector('[data-projector-open="' + back + '"]');
      if (opener) {
        opener.focus();
      }
    };
    if (document.fullscreenElement === view && document.exitFullscreen) {
      document.exitFullscreen().then(refocus, refocus);
    } else {
      window.setTimeout(refocus, 0); // after the browser has settled leaving full screen
    }
  }

  document.addEventListener("click", function (event) {
    const target = event.target instanceof Element ? event.target : null;
    const opener = target && target.closest("[data-projector-open]");
    if (opener) {
      show(opener);
      return;
    }
    const close = target && target.closest("[data-projector-close]");
    const view = close && close.closest("[data-projector-view]");
    if (view) {
      hide(view);
    }
  });

  document.addEventListener("keydown", function (event) {
    const view = openView();
    if (!view) {
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      hide(view);
    } else if (event.key === "Tab") {
      event.preventDefault(); // Close is the view's one control
      const close = view.querySelector("[data-projector-close]");
      if (close) {
        close.focus();
      }
    }
  });

  document.addEventListener("fullscreenchange", function () {
    const view = openView();
    if (view && document.fullscreenElement !== view) {
      hide(view); // the browser left full screen (Esc, F11): the view closes with it
    }
  });
})();
