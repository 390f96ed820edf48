/* The two form fields Decap CMS has no widget for, registered before the CMS starts.
 *
 * pastoral-id      a new record's id, made from other fields (a session's date and pupil), so that the
 *                  file name and the id always agree; read-only. For sessions it also refuses a date
 *                  outside the academic year of the collection's folder.
 * pastoral-target  a review's target, chosen from the pupil's open targets (open-targets.json, written by
 *                  the intranet build) instead of typed as '2026-09-24-p0042#t1'.
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

  var IdControl = createClass({
    shouldComponentUpdate: function () { return true; },  // the id follows other fields, not only its own value
    componentDidMount: function () { this.follow(); },
    componentDidUpdate: function () { this.follow(); },
    made: function () {
      var data = dataOf(this.props), complete = true;
      var id = this.props.field.get("template").replace(/\{(\w+)\}/g, function (_, name) {
        var part = text(data && data.get(name));
        if (!part) complete = false;
        return part;
      });
      return complete ? id : "";
    },
    follow: function () {
      if (!this.props.entry || !this.props.entry.get("newRecord")) return;  // a saved record keeps its id and file
      var id = this.made();
      if (id !== text(this.props.value)) this.props.onChange(id || undefined);
    },
    isValid: function () {
      var field = this.props.field, dateField = field.get("date_field");
      var day = dateField && text(dataOf(this.props).get(dateField)).slice(0, 10);
      if (day && (day < field.get("from") || day > field.get("to"))) {
        return { error: { message: "These are the sessions of " + field.get("year") + " (" + field.get("from") +
          " to " + field.get("to") + "): record a session dated " + day + " in that year's collection." } };
      }
      return true;
    },
    render: function () {
      return h("input", {
        id: this.props.forID, className: this.props.classNameWrapper, type: "text", readOnly: true,
        value: text(this.props.value), placeholder: "filled in from " + this.props.field.get("template").replace(/[{}]/g, ""),
      });
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

  CMS.registerWidget("pastoral-id", IdControl, Preview);
  CMS.registerWidget("pastoral-target", TargetControl, Preview);
  CMS.init();
})();
