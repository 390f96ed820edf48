/* What Decap CMS does not do by itself, registered before the CMS starts.
 *
 * Made ids         a new session's id is its date and pupil, an assignment's its pupil and start
 *                  (pastoral-made-ids in index.html, from the build), so the id and the file name agree.
 * pastoral-target  a review's target, chosen from the pupil's open targets (open-targets.json, written by
 *                  the intranet build) instead of typed as '2026-09-24-p0042#t1'.
 * Names for buttons  Decap's list items have icon-only buttons (fold, remove) and a drag handle with no name,
 *                  which a screen reader announces as "button"; they get one as they appear.
 * Plain functions and window.h (React's createElement, which the CMS exposes): no build step.
 */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;

  function text(value) {
    if (value === undefined || value === null) return "";
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value);
  }

  function dataOf(props) {
    return props.entry && props.entry.get("data");
  }

  // Each new record's id, made from its other fields just before it is saved (the form has no computed
  // fields, and the file name is made from the same fields by the collection's slug).
  var madeIds = JSON.parse(document.getElementById("pastoral-made-ids").textContent);
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry, data = entry.get("data"), template = madeIds[entry.get("collection")];
      if (!template || !entry.get("newRecord")) return data;  // a saved record keeps its id and its file
      return data.set("id", template.replace(/\{(\w+)\}/g, function (_, name) { return text(data.get(name)); }));
    },
  });

  var openTargets = null;
  function loadOpenTargets() {
    if (!openTargets) {
      openTargets = fetch("open-targets.json", { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
    }
    return openTargets;
  }

  var TargetControl = createClass({
    getInitialState: function () { return { targets: null }; },
    shouldComponentUpdate: function () { return true; },  // the choices follow the pupil chosen above
    componentDidMount: function () {
      var self = this;
      loadOpenTargets().then(function (targets) { if (!self.gone) self.setState({ targets: targets }); });
    },
    componentWillUnmount: function () { this.gone = true; },
    render: function () {
      var pupil = text(dataOf(this.props) && dataOf(this.props).get(this.props.field.get("pupil_field")));
      var value = text(this.props.value), onChange = this.props.onChange;
      var choices = (this.state.targets && this.state.targets[pupil]) || [];
      if (value && !choices.some(function (c) { return c.value === value; })) {
        choices = [{ value: value, label: value }].concat(choices);  // a review already saved keeps its target
      }
      var prompt = !pupil ? "Choose the pupil first" : this.state.targets === null ? "Loading the pupil's targets…" :
        choices.length ? "Choose one of the pupil's open targets" : "This pupil has no open targets";
      return h("select", {
        id: this.props.forID, className: this.props.classNameWrapper, value: value,
        onChange: function (event) { onChange(event.target.value || undefined); },
        onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
      }, [h("option", { key: "", value: "" }, prompt)].concat(choices.map(function (choice) {
        return h("option", { key: choice.value, value: choice.value }, choice.label);
      })));
    },
  });

  function Preview(props) { return h("p", {}, text(props.value)); }

  CMS.registerWidget("pastoral-target", TargetControl, Preview);
  var ICON_BUTTONS = [["[class*='TopBarButton']:first-child", "Fold or unfold this item"],
                      ["[class*='TopBarButton']:last-child", "Remove this item"],
                      ["[aria-describedby^='DndDescribedBy']", "Drag to reorder"]];
  function nameIconButtons() {
    ICON_BUTTONS.forEach(function (pair) {
      document.querySelectorAll(pair[0]).forEach(function (button) {
        if (!button.getAttribute("aria-label") && !button.textContent.trim()) button.setAttribute("aria-label", pair[1]);
      });
    });
  }
  new MutationObserver(nameIconButtons).observe(document.body, { childList: true, subtree: true });

  CMS.init();
})();
