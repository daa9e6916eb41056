/* What the page notices without the server.
 *
 * 1. A file over the upload limit, or of a kind the upload does not take (its
 *    file input's accept): dcc.Upload drops it without a word, so the file is
 *    looked at first (capture phase, before the upload's own handlers),
 *    stopped, and reported to a dcc.Store; a callback words the message.
 * 2. A change the server never got (it is down, or a proxy in front of it
 *    says so): the failed callback request is reported to another dcc.Store,
 *    whose clientside callback (positioning.notSaved below) says "Not saved"
 *    (in the message area and in the saved status next to the title) and
 *    puts the controls back to the canvas the page holds.
 *
 * The uploads checked are the editor's and the list page's (data-upload lists
 * their ids). Component ids, the limit and the criteria come from the page root's data-*
 * attributes (positioning/ui/layout.py), so they are spelled in one place only.
 */
(function () {
  "use strict";

  function settings() {
    return document.querySelector("[data-upload-limit]");
  }

  function tell(storeId, data) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(storeId, { data: data });
    }
  }

  /* Whether ``file`` is of a kind the upload takes: ``accept`` as the file input has it
   * (".yaml,.yml,.xlsx"; an empty one takes any). */
  function taken(file, accept) {
    const kinds = (accept || "").split(",").map((k) => k.trim().toLowerCase()).filter(Boolean);
    const name = file.name.toLowerCase();
    return !kinds.length || kinds.some((k) => (k.startsWith(".") ? name.endsWith(k) : true));
  }

  /* The first file among those chosen for the upload that it would drop, if any: over the limit (the
   * nearest data-upload-limit around the upload, the deck template's own, else the page's), or of
   * a kind it does not take ("kind": true). */
  function refused(target, files) {
    const root = settings();
    if (!root || !files || !(target instanceof Element)) {
      return null;
    }
    const uploads = root.dataset.upload.split(" ").map((id) => "#" + CSS.escape(id));
    const box = target.closest(uploads.join(", "));
    if (!box) {
      return null;
    }
    const limit = Number(target.closest("[data-upload-limit]").dataset.uploadLimit);
    const all = Array.from(files);
    const large = all.find((f) => f.size > limit);
    if (large) {
      return { file: large, limit: limit, upload: box.id };
    }
    const input = box.querySelector("input[type=file]");
    const other = all.find((f) => !taken(f, input && input.getAttribute("accept")));
    return other ? { file: other, limit: limit, upload: box.id, kind: true } : null;
  }

  function refuse(event, found) {
    event.stopImmediatePropagation();
    event.preventDefault();
    const file = found.file;
    const report = { name: file.name, size: file.size, limit: found.limit, upload: found.upload, at: Date.now() };
    if (found.kind) {
      report.kind = true;
    }
    tell(settings().dataset.uploadRefused, report);
  }

  window.addEventListener(
    "change",
    function (event) {
      const found = refused(event.target, event.target.files);
      if (found) {
        refuse(event, found);
        event.target.value = ""; // so choosing the same file again is noticed
      }
    },
    true
  );

  window.addEventListener(
    "drop",
    function (event) {
      const found = refused(event.target, event.dataTransfer && event.dataTransfer.files);
      if (found) {
        refuse(event, found);
        // The upload never sees this drop: end its "dragging over" look.
        event.target.dispatchEvent(new DragEvent("dragleave", { bubbles: true }));
      }
    },
    true
  );

  /* Gateway answers that mean the app behind them could not be reached. */
  const UNREACHABLE = new Set([502, 503, 504]);
  const fetchOriginal = window.fetch;

  window.fetch = function (resource, options) {
    const answer = fetchOriginal.apply(this, arguments);
    const url = typeof resource === "string" ? resource : resource && resource.url;
    if (!url || url.indexOf("_dash-update-component") === -1) {
      return answer;
    }
    function failed() {
      const root = settings();
      if (root) {
        tell(root.dataset.saveFailed, Date.now());
      }
    }
    return answer.then(
      function (response) {
        if (UNREACHABLE.has(response.status)) {
          failed();
        }
        return response;
      },
      function (error) {
        failed();
        throw error;
      }
    );
  };

  /* The controls the stored canvas drives, as controller.synced() sets them. */
  function savedControls(data) {
    const criteria = settings().dataset.criteria.split(" ");
    const weights = criteria.map((c) => Number(((data && data.weights) || {})[c] ?? 1));
    const largest = Math.max(...weights);
    const scale = largest <= 1 ? 1 : 1 / largest;
    const factors = (data && data.factors) || [];
    const top = Math.min(Number((data && data.top) ?? 3), factors.length);
    return [...weights.map((w) => Math.round(w * scale * 100) / 100), top];
  }

  /* The words of ``key`` in every language, a span each (as positioning/ui/said.py makes them). */
  function said(text, key) {
    return Object.keys(text).map((code) => ({
      namespace: "dash_html_components",
      type: "Span",
      props: { children: text[code][key], lang: code === "zh" ? "zh-CN" : code, className: "said said-" + code },
    }));
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.positioning = {
    /* The page speaks the chosen language: its lang attribute (for screen readers, fonts and
     * hyphenation) and the browser tab's title. */
    pageLanguage: function (language, text) {
      const words = (text || {})[language] || (text || {}).en || {};
      document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
      if (words.app_title) {
        document.title = words.app_title;
      }
      return language;
    },
    /* Say "Not saved" and move the weight sliders and the shortlist size
     * back to the saved canvas; a control already there is left alone, so
     * the edit it would fire again cannot fail and come back here forever. */
    notSaved: function (failedAt, data, ...rest) {
      const noUpdate = window.dash_clientside.no_update;
      rest.pop(); // the language: the words go on the page in every language, the page's shows (said.py)
      const text = rest.pop() || {};
      const current = rest;
      const message = {
        namespace: "dash_html_components",
        type: "Div",
        props: {
          className: "alert alert-error",
          children: [{ namespace: "dash_html_components", type: "Strong", props: { children: said(text, "not_saved") } }],
        },
      };
      const saved = savedControls(data);
      return [message, said(text, "not_saved"), ...saved.map((value, i) => (value === current[i] ? noUpdate : value))];
    },
  };
})();
