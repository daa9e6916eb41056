// The participants' page of a scoring workshop: one factor per screen, every score saved as it is entered.
// Names and notes are always set as text (textContent), never as HTML.
(function () {
  "use strict";
  var root = document.getElementById("workshop");
  var token = root.dataset.token;
  var words = JSON.parse(root.dataset.words);
  var key = "positioning-workshop-" + token;
  var lang = localStorage.getItem("positioning-workshop-lang") ||
    ((navigator.language || "").toLowerCase().indexOf("zh") === 0 ? "zh" : "en");
  var sheet = null, person = null, index = 0, done = false, status = null, pending = {};

  function say(k, values) {
    var text = (words[lang] || words.en)[k] || k;
    Object.keys(values || {}).forEach(function (name) {
      text = text.replace(new RegExp("\\{" + name + "(:[^}]*)?\\}", "g"), String(values[name]));
    });
    return text;
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "onclick") node.addEventListener("click", attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  function api(method, path, body) {
    return fetch("/api/workshop/" + encodeURIComponent(token) + path, {
      method: method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
    }).then(function (answer) {
      if (answer.status === 204) return null;
      return answer.json().then(function (data) {
        if (!answer.ok) { var e = new Error(data.error || answer.statusText); e.status = answer.status; e.closed = data.closed; throw e; }
        return data;
      });
    });
  }
  function scoresOf(factor) { return (person.scores[factor] = person.scores[factor] || {}); }
  function missing(factor) {
    var given = scoresOf(factor);
    return sheet.criteria.filter(function (c) { return given[c.key] === undefined; }).length;
  }
  function steps() {
    var low = sheet.scale[0], high = sheet.scale[1], values = [];
    if (high - low <= 10 && Math.round(low) === low && Math.round(high) === high) {
      for (var v = low; v <= high; v++) values.push(v);
    }
    return values;
  }

  function statusText() {
    if (!status) return "";
    return status[0] ? say(status[0], status[1]) : status[1].text;
  }
  function header() {
    var switcher = el("div", { class: "languages" }, ["en", "zh"].map(function (code) {
      return el("button", {
        type: "button", class: code === lang ? "on" : "", lang: code, text: code === "en" ? "English" : "简体中文",
        onclick: function () { lang = code; localStorage.setItem("positioning-workshop-lang", code); draw(); },
      });
    }));
    return el("header", {}, [el("div", { class: "brand", text: say("ws_title") }), switcher]);
  }
  function draw() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = say("ws_title") + (sheet ? " · " + sheet.title : "");
    root.textContent = "";
    root.appendChild(header());
    if (!sheet) { root.appendChild(el("p", { class: "notice", text: statusText() })); return; }
    root.appendChild(el("h1", { class: "canvas-title", text: sheet.title }));
    if (sheet.closed) { root.appendChild(el("p", { class: "notice", text: say("ws_closed") })); return; }
    if (!person) return drawJoin();
    if (done) return drawDone();
    drawFactor();
  }
  function drawJoin() {
    var input = el("input", { id: "ws-name", type: "text", maxlength: "200", autocomplete: "name" });
    var form = el("form", { class: "join" }, [
      el("p", { text: say("ws_intro", { low: sheet.scale[0], high: sheet.scale[1] }) }),
      el("label", { for: "ws-name", text: say("ws_name") }), input,
      el("button", { type: "submit", class: "primary", text: say("ws_join") }),
      el("p", { class: "status", role: "status", text: statusText() }),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      api("POST", "/participants", { name: input.value }).then(function (created) {
        person = created; localStorage.setItem(key, created.id); status = null; index = 0; draw();
      }).catch(function (e) { status = ["", { text: e.message }]; draw(); });
    });
    root.appendChild(form);
    input.focus();
  }
  function drawFactor() {
    var factor = sheet.factors[index];
    var values = steps();
    var given = scoresOf(factor.name);
    var rows = sheet.criteria.map(function (criterion) {
      var chosen = pending[factor.name + "\u0000" + criterion.key];
      var current = chosen !== undefined ? chosen : given[criterion.key];
      var control;
      if (values.length) {
        control = el("div", { class: "choices", role: "radiogroup", "aria-label": criterion[lang] },
          values.map(function (v) {
            return el("button", {
              type: "button", role: "radio", "aria-checked": String(current === v), class: current === v ? "on" : "",
              text: String(v), onclick: function () { choose(factor.name, criterion.key, v); },
            });
          }));
      } else {
        var input = el("input", { type: "number", step: "any", min: sheet.scale[0], max: sheet.scale[1],
          value: current === undefined ? "" : current, "aria-label": criterion[lang] });
        input.addEventListener("change", function () { choose(factor.name, criterion.key, Number(input.value)); });
        control = input;
      }
      return el("section", { class: "criterion" }, [
        el("h2", { text: criterion[lang] }), el("p", { class: "hint", text: say("ws_hint_" + criterion.key) }), control,
      ]);
    });
    var last = index === sheet.factors.length - 1;
    root.appendChild(el("p", { class: "progress", text: say("ws_factor_of", { n: index + 1, count: sheet.factors.length }) }));
    root.appendChild(el("h1", { class: "factor", text: factor.name }));
    if (factor.note) root.appendChild(el("p", { class: "note", text: factor.note }));
    rows.forEach(function (row) { root.appendChild(row); });
    root.appendChild(el("p", { class: "status", role: "status", "aria-live": "polite", text: statusText() }));
    root.appendChild(el("nav", {}, [
      index > 0 ? el("button", { type: "button", text: say("ws_previous"), onclick: function () { move(-1); } }) : el("span"),
      el("button", { type: "button", class: "primary", text: say(last ? "ws_finish" : "ws_next"),
        onclick: function () { last ? finishAll() : move(1); } }),
    ]));
  }
  function drawDone() {
    root.appendChild(el("p", { class: "notice", text: say("ws_done", { name: person.name }) }));
    root.appendChild(el("button", { type: "button", text: say("ws_review"),
      onclick: function () { done = false; index = 0; draw(); } }));
  }
  function choose(factor, criterion, value) {
    var cell = factor + "\u0000" + criterion;
    pending[cell] = value; status = ["ws_saving", {}]; draw();
    api("PUT", "/participants/" + encodeURIComponent(person.id) + "/scores",
      { factor: factor, criterion: criterion, value: value }).then(function () {
      delete pending[cell]; scoresOf(factor)[criterion] = value; status = ["ws_saved", {}]; draw();
    }).catch(function (e) {
      if (e.closed) { sheet.closed = true; }
      status = ["ws_not_saved", { why: e.message }]; draw();
    });
  }
  function move(step) {
    var name = sheet.factors[index].name;
    if (step > 0 && missing(name)) { status = ["ws_missing", { n: missing(name) }]; return draw(); }
    index += step; status = null; draw(); window.scrollTo(0, 0);
  }
  function finishAll() {
    var name = sheet.factors[index].name;
    if (missing(name)) { status = ["ws_missing", { n: missing(name) }]; return draw(); }
    var open = sheet.factors.findIndex(function (f) { return missing(f.name) > 0; });
    if (open >= 0) { index = open; status = ["ws_missing", { n: missing(sheet.factors[open].name) }]; return draw(); }
    api("POST", "/participants/" + encodeURIComponent(person.id) + "/finish").then(function () {
      done = true; status = null; draw();
    }).catch(function (e) { status = ["ws_not_saved", { why: e.message }]; draw(); });
  }
  function firstOpen() {
    var open = sheet.factors.findIndex(function (f) { return missing(f.name) > 0; });
    return open < 0 ? 0 : open;
  }

  api("GET", "").then(function (found) {
    sheet = found;
    var known = localStorage.getItem(key);
    if (!known) return null;
    return api("GET", "/participants/" + encodeURIComponent(known)).then(function (p) {
      person = p; done = p.finished; index = firstOpen();
    }).catch(function () { localStorage.removeItem(key); });
  }).then(draw).catch(function (e) {
    status = e.status === 404 ? ["ws_gone", {}] : ["", { text: e.message }]; draw();
  });
})();
